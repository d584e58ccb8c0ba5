package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.http.Problem;
import io.tributary.testing.InMemoryEventLog;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Finding 2, at the edge: bodies that expand past a ratio, or hold too many events, are refused early. */
class DecompressionBombTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
  private final InMemoryEventLog log = new InMemoryEventLog(1);

  private IngestService service(IngestLimits limits) {
    return new IngestService(log, new FrameCodec(), limits, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
  }

  private static IngestResult send(IngestService s, String contentType, String encoding, byte[] body) {
    return s.ingest(new IngestRequest(ACME, contentType, encoding, body, EventDefaults.none()));
  }

  private static Problem refused(IngestResult r) {
    return assertInstanceOf(IngestResult.Refused.class, r, () -> "accepted: " + r).problem();
  }

  @Test
  void aTinyZstdBodyOf200000EventsIsRefusedAsADecompressionBomb() {
    byte[] raw = "{\"message\":\"a\"}\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
    byte[] bomb = Zstd.compress(raw, 19);
    assertTrue(bomb.length < 400, "a " + bomb.length + "-byte body");
    Problem p = refused(send(service(IngestLimits.defaults()), "application/x-ndjson", "zstd", bomb));
    assertEquals(413, p.status());
    assertEquals(Reasons.EXPANSION_TOO_LARGE, p.code());
    assertTrue(p.detail().contains("smaller batches"), p.detail());
    assertTrue(log.frames().isEmpty(), "nothing is published");
  }

  @Test
  void decompressionStopsAtTheLimitInsteadOfInflatingTheWholeBomb() {
    byte[] bomb = Zstd.compress(new byte[48 << 20], 3);
    IngestService s = service(IngestLimits.defaults());
    send(s, "text/plain", "zstd", Zstd.compress("warm up\n".getBytes(StandardCharsets.UTF_8)));
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Problem p = refused(send(s, "text/plain", "zstd", bomb));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(Reasons.EXPANSION_TOO_LARGE, p.code());
    assertTrue(allocated < (8 << 20), "allocated " + allocated + " bytes to refuse a 48 MiB bomb");
  }

  @Test
  void repetitiveButRealLogsAreNotRefused() throws Exception {
    // 10,000 health-check lines differing only in time and client: zstd -19 makes them about 330x smaller.
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      b.append(String.format("10.0.0.%d - - [25/Nov/2026:07:%02d:%02d +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\""
          + " \"kube-probe/1.27\"%n", 1 + i % 3, i / 60 % 60, i % 60));
    }
    byte[] raw = b.toString().getBytes(StandardCharsets.UTF_8);
    byte[] z = Zstd.compress(raw, 19);
    assertTrue(raw.length / z.length > 200, "ratio " + raw.length / z.length);
    IngestService s = service(IngestLimits.defaults());
    assertEquals(10_000, assertInstanceOf(IngestResult.Accepted.class, send(s, "text/plain", "zstd", z))
        .receipt().accepted());
    assertEquals(10_000, assertInstanceOf(IngestResult.Accepted.class, send(s, "text/plain", "gzip", gzip(raw)))
        .receipt().accepted());
  }

  @Test
  void aSmallBodyIsNeverRefusedForItsRatio() {
    // 20,000 identical lines are 60 KB that zstd makes 30 bytes: 2,000x, but harmless under 1 MiB.
    byte[] raw = "connection reset by peer\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
    byte[] z = Zstd.compress(raw, 19);
    assertTrue(raw.length / z.length > IngestLimits.DEFAULT_MAX_EXPANSION);
    assertInstanceOf(IngestResult.Accepted.class, send(service(IngestLimits.defaults()), "text/plain", "zstd", z));
  }

  @Test
  void theExpansionAndEventCountLimitsAreSettings() {
    IngestLimits strict = new IngestLimits(1 << 20, 64 << 20, 3, 1 << 16, 128, 256, 16, 0, 10);
    IngestService s = service(strict);
    byte[] lines = "{\"message\":\"a\"}\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    assertEquals(Reasons.EXPANSION_TOO_LARGE, refused(send(s, "application/x-ndjson", "zstd", Zstd.compress(lines)))
        .code());
    assertEquals(Reasons.TOO_MANY_EVENTS, refused(send(s, "application/x-ndjson", null,
        "{\"message\":\"a\"}\n".repeat(4).getBytes(StandardCharsets.UTF_8))).code());
    io.tributary.config.Settings settings = io.tributary.config.Settings.from(java.util.Map.of(
        "TRIBUTARY_MAX_EXPANSION", "50", "TRIBUTARY_MAX_EVENTS", "1000"));
    assertEquals(50, settings.limits().maxExpansion());
    assertEquals(1000, settings.limits().maxEvents());
    assertEquals(IngestLimits.DEFAULT_MAX_EXPANSION, io.tributary.config.Settings.from(java.util.Map.of())
        .limits().maxExpansion());
  }

  @Test
  void theAbsoluteDecodedLimitStillAnswersBodyTooLarge() throws Exception {
    IngestLimits small = new IngestLimits(1 << 20, 1 << 20, 1000, 1 << 16, 128, 256, 16, 0, 1_000_000);
    Problem p = refused(send(service(small), "text/plain", "gzip", gzip(new byte[4 << 20])));
    assertEquals(Reasons.BODY_TOO_LARGE, p.code());
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }
}
