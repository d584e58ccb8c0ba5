package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursor paging neither skips nor repeats events while new events keep arriving in the same range. */
class PagingUnderIngestTest {

  @TempDir
  Path dir;

  private static byte[] batch(String prefix, int from, int count, long baseNanos) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      // Timestamps interleave with the earlier events, so new ones land between pages.
      sb.append("{\"id\":\"").append(prefix).append(i).append("\",\"message\":\"paging ").append(i)
          .append("\",\"timestamp\":\"").append(Timestamps.format(baseNanos + (i % 500) * 1_000_000_000L))
          .append("\"}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode page(RuntimeFixture fx, Map<String, Object> q, Set<String> seen) throws Exception {
    HttpResponse<String> r = fx.query(new String(Json.bytes(q), StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode page = Json.mapper().readTree(r.body());
    for (JsonNode e : page.get("events")) {
      String id = e.get("id").asText();
      assertTrue(seen.add(id), "repeated " + id);
    }
    return page;
  }

  @Test
  void pagesStayStableWhileIngestGoesOn() throws Exception {
    long base = Timestamps.parse("2026-11-20T00:00:00Z");
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      for (int i = 0; i < 3000; i += 500) {
        assertEquals(202, fx.ingest("application/x-ndjson", batch("old-", i, 500, base), null).statusCode());
      }
      fx.awaitProcessed();
      Set<String> seen = new HashSet<>();
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("q", "paging");
      q.put("limit", 100);
      // The first page fixes the result set; ingest starts only after it.
      JsonNode first = page(fx, q, seen);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger written = new AtomicInteger();
      Thread writer = new Thread(() -> {
        int i = 0;
        while (!stop.get()) {
          try {
            fx.ingest("application/x-ndjson", batch("new-", i, 50, base + 500_000_000L), null);
            written.addAndGet(50);
            i += 50;
          } catch (Exception e) {
            return;
          }
        }
      });
      writer.start();
      JsonNode page = first;
      while (!page.get("nextCursor").isNull()) {
        q.put("cursor", page.get("nextCursor").asText());
        Thread.sleep(20);
        page = page(fx, q, seen);
      }
      stop.set(true);
      writer.join();
      assertTrue(written.get() > 0, "ingest went on while paging");
      for (int i = 0; i < 3000; i++) {
        assertTrue(seen.contains("old-" + i), "no gap: old-" + i);
      }
      assertEquals(3000, seen.stream().filter(s -> s.startsWith("old-")).count());
      assertTrue(seen.stream().noneMatch(s -> s.startsWith("new-")), "events ingested after the first page stay out");
    }
  }
}
