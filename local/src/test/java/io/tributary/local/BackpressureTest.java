package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest answers 503 with Retry-After, instead of growing or losing, when processing lags or the disk fills. */
class BackpressureTest {

  @TempDir
  Path dir;

  private static byte[] batch(int n) {
    return "{\"message\":\"backpressure test line\"}\n".repeat(n).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void refusesWithRetryAfterWhileProcessingIsTooFarBehind() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put("TRIBUTARY_ROLES", "ingest,query");
    s.put("TRIBUTARY_MAX_LAG_BYTES", "1");
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      HttpResponse<String> first = fx.ingest("application/x-ndjson", batch(100), null);
      assertEquals(202, first.statusCode(), "accepted while nothing is pending");
      long pending = fx.runtime.app().eventLog().lag("process");
      assertTrue(pending > 1, "the journal holds what processing has not taken");
      Thread.sleep(150);
      HttpResponse<String> refused = fx.ingest("application/x-ndjson", batch(100), null);
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("2", refused.headers().firstValue("Retry-After").orElse(""));
      JsonNode p = Json.mapper().readTree(refused.body());
      assertEquals("backpressure", p.get("code").asText());
      assertEquals(pending, fx.runtime.app().eventLog().lag("process"), "a refused request adds nothing");
    }
  }

  @Test
  void refusesOnlyTheTenantsWhosePartitionLagsAndKeepsTakingTheOthers() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir.resolve("scoped"));
    s.put("TRIBUTARY_ROLES", "ingest,query");
    s.put("TRIBUTARY_MAX_LAG_BYTES", "1");
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      io.tributary.eventlog.EventLog log = fx.runtime.app().eventLog();
      String laggard = "acme";
      String other = null;
      for (int i = 0; other == null; i++) {
        if (log.partitionFor(io.tributary.event.TenantId.of("t" + i)) != log.partitionFor(
            io.tributary.event.TenantId.of(laggard))) {
          other = "t" + i;
        }
      }
      String laggardToken = fx.token(laggard, io.tributary.auth.Role.LOGS_WRITE);
      String otherToken = fx.token(other, io.tributary.auth.Role.LOGS_WRITE);
      assertEquals(202, fx.ingestAs(laggardToken, "application/x-ndjson", batch(100), null).statusCode());
      Thread.sleep(150);
      HttpResponse<String> refused = fx.ingestAs(laggardToken, "application/x-ndjson", batch(100), null);
      assertEquals(503, refused.statusCode(), "the lagging partition's tenant waits");
      assertEquals("backpressure", Json.mapper().readTree(refused.body()).get("code").asText());
      assertEquals(202, fx.ingestAs(otherToken, "application/x-ndjson", batch(100), null).statusCode(),
          "a tenant of another partition is not refused for it");
    }
  }

  @Test
  void aLightTenantSharingTheLaggingPartitionKeepsWritingWhileTheHeavyOneWaits() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir.resolve("heavy"));
    s.put("TRIBUTARY_ROLES", "ingest,query");
    s.put("TRIBUTARY_MAX_LAG_BYTES", "60000");
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      io.tributary.eventlog.EventLog log = fx.runtime.app().eventLog();
      String heavy = "acme";
      String light = null;
      for (int i = 0; light == null; i++) {
        if (log.partitionFor(io.tributary.event.TenantId.of("t" + i)) == log.partitionFor(
            io.tributary.event.TenantId.of(heavy))) {
          light = "t" + i;
        }
      }
      String heavyToken = fx.token(heavy, io.tributary.auth.Role.LOGS_WRITE);
      String lightToken = fx.token(light, io.tributary.auth.Role.LOGS_WRITE);
      while (fx.runtime.app().eventLog().lag("process") <= 60_000) {
        assertEquals(202, fx.ingestAs(heavyToken, "application/x-ndjson", batch(100), null).statusCode());
      }
      assertEquals(202, fx.ingestAs(lightToken, "application/x-ndjson", batch(1), null).statusCode());
      Thread.sleep(150);
      HttpResponse<String> refused = fx.ingestAs(heavyToken, "application/x-ndjson", batch(100), null);
      assertEquals(503, refused.statusCode(), "the tenant that wrote the backlog waits");
      assertEquals("backpressure", Json.mapper().readTree(refused.body()).get("code").asText());
      for (int i = 0; i < 5; i++) {
        assertEquals(202, fx.ingestAs(lightToken, "application/x-ndjson", batch(1), null).statusCode(),
            "a tenant of the same partition that wrote little of it is not refused for it");
      }
    }
  }

  @Test
  void refusesWhileTheDiskIsNearlyFullAndResumesWhenProcessingCatchesUp() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir.resolve("a"));
    s.put("TRIBUTARY_MIN_FREE_DISK_BYTES", Long.toString(Long.MAX_VALUE / 2));
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      HttpResponse<String> r = fx.ingest("application/x-ndjson", batch(1), null);
      assertEquals(503, r.statusCode());
      assertEquals("disk_full", Json.mapper().readTree(r.body()).get("code").asText());
    }
    Map<String, String> t = RuntimeFixture.settings(dir.resolve("b"));
    t.put("TRIBUTARY_MAX_LAG_BYTES", "1");
    try (RuntimeFixture fx = RuntimeFixture.start(t)) {
      assertEquals(202, fx.ingest("application/x-ndjson", batch(10), null).statusCode());
      fx.awaitProcessed();
      Thread.sleep(150);
      assertEquals(202, fx.ingest("application/x-ndjson", batch(10), null).statusCode(), "open again once caught up");
    }
  }
}
