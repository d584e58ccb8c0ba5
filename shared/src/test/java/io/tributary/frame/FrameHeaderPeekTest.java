package io.tributary.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What processing reads from a frame's header without decompressing it: the decoded length it
 * declares (to bound a batch's memory before decoding) and its tenant (to name the owner of a frame
 * whose payload does not decode).
 */
class FrameHeaderPeekTest {

  private static final FrameHeader HEADER = new FrameHeader(TenantId.of("acme"), 42L, 7L, 9L, 5, "svc", "h1",
      Severity.WARN, PayloadLayout.NDJSON_BODY, new int[] {3, 17, 1000});

  @Test
  void theDeclaredDecodedLengthReadsWithoutDecompressing() {
    byte[] body = "{\"message\":\"a\"}\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    byte[] compressed = com.github.luben.zstd.Zstd.compress(body, 3);
    byte[] frame = new FrameCodec().encodeBody(HEADER, PayloadCodec.ZSTD, compressed, body.length);
    assertEquals(body.length, FrameCodec.rawLength(frame));
    assertEquals(TenantId.of("acme"), FrameCodec.tenantOf(frame));
    byte[] damagedPayload = frame.clone();
    Arrays.fill(damagedPayload, damagedPayload.length - compressed.length, damagedPayload.length, (byte) 0);
    assertEquals(body.length, FrameCodec.rawLength(damagedPayload), "the header alone is read");
    assertEquals(TenantId.of("acme"), FrameCodec.tenantOf(damagedPayload));
  }

  @Test
  void aDamagedHeaderIsReportedAsCorrupt() {
    byte[] frame = new FrameCodec().encodeBody(HEADER, PayloadCodec.NONE, new byte[] {'{', '}'}, 2);
    assertThrows(CorruptFrameException.class, () -> FrameCodec.rawLength(Arrays.copyOf(frame, 12)));
    byte[] badMagic = frame.clone();
    badMagic[0] = 'X';
    assertThrows(CorruptFrameException.class, () -> FrameCodec.rawLength(badMagic));
    assertThrows(CorruptFrameException.class, () -> FrameCodec.tenantOf(badMagic));
    byte[] badTenant = frame.clone();
    badTenant[6] = 'A';
    assertThrows(CorruptFrameException.class, () -> FrameCodec.tenantOf(badTenant));
  }
}
