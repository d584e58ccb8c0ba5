package io.tributary.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private static final FrameHeader HEADER = new FrameHeader(TenantId.of("acme"), 42L, 7L, 9L, 0, "svc", "h1",
      Severity.WARN, PayloadLayout.NDJSON_BODY, new int[] {3, 17, 1000});

  @Test
  void aBodyFrameKeepsTheHeaderAndThePayload() throws Exception {
    byte[] body = "{\"message\":\"a\"}\n{\"message\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
    for (PayloadCodec codec : PayloadCodec.values()) {
      byte[] sent = codec == PayloadCodec.GZIP ? gzip(body) : codec == PayloadCodec.ZSTD
          ? com.github.luben.zstd.Zstd.compress(body) : body;
      Frame f = FrameCodec.read(new FrameCodec().encodeBody(HEADER, codec, sent, body.length));
      assertArrayEquals(body, f.payload(), codec.name());
      FrameHeader h = f.header();
      assertEquals(HEADER.tenant(), h.tenant());
      assertEquals(42L, h.ingestedNanos());
      assertEquals(7L, h.idHi());
      assertEquals(9L, h.idLo());
      assertEquals("svc", h.service());
      assertEquals("h1", h.host());
      assertEquals(Severity.WARN, h.severity());
      assertEquals(PayloadLayout.NDJSON_BODY, h.layout());
      assertArrayEquals(new int[] {3, 17, 1000}, h.skip());
    }
  }

  @Test
  void aBodyTooLargeForOneFrameIsRefused() {
    byte[] noise = new byte[50_000];
    new Random(1).nextBytes(noise);
    assertNull(new FrameCodec(10_000).encodeBody(HEADER, PayloadCodec.ZSTD, noise, 60_000));
    assertNull(new FrameCodec(10_000).encodeBody(HEADER, PayloadCodec.NONE, noise, noise.length));
  }

  @Test
  void itemsAreSplitIntoFramesUnderTheBoundKeepingOrderAndSequence() {
    Random r = new Random(7);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int n = 3000;
    int[] ranges = new int[2 * n];
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] noise = new byte[150];
      r.nextBytes(noise);
      String item = "line " + i + " " + java.util.Base64.getEncoder().encodeToString(noise);
      items.add(item);
      ranges[2 * i] = body.size();
      body.writeBytes(item.getBytes(StandardCharsets.UTF_8));
      ranges[2 * i + 1] = body.size();
      body.write('\n');
    }
    int bound = 64 * 1024;
    List<byte[]> frames = new FrameCodec(bound).encodeItems(HEADER.withFirstSeq(5, PayloadLayout.TEXT_ITEMS),
        body.toByteArray(), ranges, n);
    assertTrue(frames.size() > 5, "split into several frames");
    List<String> back = new ArrayList<>();
    int expectedSeq = 5;
    for (byte[] f : frames) {
      assertTrue(f.length <= bound, "frame of " + f.length + " bytes");
      Frame fr = FrameCodec.read(f);
      assertEquals(expectedSeq, fr.header().firstSeq());
      ByteReader rd = new ByteReader(fr.payload(), 0, fr.payload().length);
      while (rd.hasRemaining()) {
        int len = rd.readVarInt();
        byte[] item = new byte[len];
        rd.readBytes(item, 0, len);
        back.add(new String(item, StandardCharsets.UTF_8));
        expectedSeq++;
      }
    }
    assertEquals(items, back);
  }

  @Test
  void rawLengthReadsTheDeclaredPayloadSizeWithoutDecompressing() throws Exception {
    byte[] body = "{\"message\":\"a\"}\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    byte[] gz = gzip(body);
    byte[] z = com.github.luben.zstd.Zstd.compress(body);
    for (byte[] f : List.of(new FrameCodec().encodeBody(HEADER, PayloadCodec.NONE, body, body.length),
        new FrameCodec().encodeBody(HEADER, PayloadCodec.GZIP, gz, body.length),
        new FrameCodec().encodeBody(HEADER, PayloadCodec.ZSTD, z, body.length))) {
      assertEquals(body.length, FrameCodec.rawLength(f));
      assertEquals(FrameCodec.read(f).payload().length, FrameCodec.rawLength(f));
    }
    // The payload is never touched: a frame whose payload is garbage still declares its length.
    byte[] f = new FrameCodec().encodeBody(HEADER, PayloadCodec.ZSTD, new byte[] {1, 2, 3}, 123_456_789);
    assertEquals(123_456_789, FrameCodec.rawLength(f));
    assertThrows(CorruptFrameException.class, () -> FrameCodec.read(f));
    assertThrows(CorruptFrameException.class, () -> FrameCodec.rawLength(new byte[] {'T', 'F', 2}));
  }

  @Test
  void refusesBytesThatAreNotAFrame() {
    assertThrows(CorruptFrameException.class, () -> FrameCodec.read(new byte[] {1, 2, 3, 4}));
    byte[] frame = new FrameCodec().encodeBody(HEADER, PayloadCodec.NONE, "x\n".repeat(100).getBytes(), 200);
    byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 3);
    assertThrows(CorruptFrameException.class, () -> FrameCodec.read(cut));
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }
}
