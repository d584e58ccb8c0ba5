package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.local.testing.SseReader;
import io.tributary.local.testing.SseReader.Frame;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/logs/tail} on the local host, read as a real SSE stream: an event ingested after
 * the call appears in the tail; another tenant's never does; a bad filter is a 400 with a code;
 * {@code since=} replays the store, then goes live without a gap or a duplicate; a tenant holds at
 * most a few tails.
 */
class TailOverHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static SseReader tail(RuntimeFixture fx, String bearer, String query) throws Exception {
    return SseReader.open(fx.http, fx.uri("logs/tail" + (query.isEmpty() ? "" : "?" + query)),
        Map.of("Authorization", "Bearer " + bearer));
  }

  private static JsonNode data(Frame f) throws Exception {
    return Json.mapper().readTree(f.data());
  }

  private static void ingest(RuntimeFixture fx, String bearer, String lines) throws Exception {
    HttpResponse<String> r = fx.ingestAs(bearer, "text/plain", lines.getBytes(StandardCharsets.UTF_8), "service=tailed");
    assertEquals(202, r.statusCode(), r.body());
  }

  @Test
  void anEventIngestedAfterTheCallAppearsAndAnotherTenantsNever() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
      String other = fx.token("other", Role.LOGS_WRITE, Role.LOGS_READ);
      try (SseReader mine = tail(fx, acme, "q=" + enc("livewire"));
           SseReader theirs = tail(fx, other, "")) {
        assertEquals(200, mine.status());
        assertEquals("text/event-stream", mine.response().headers().firstValue("Content-Type").orElse(""));
        long t0 = System.nanoTime();
        ingest(fx, acme, "ERROR livewire one\nINFO not this one\n");
        Frame f = mine.next("log", WAIT);
        assertNotNull(f, "the event reached the tail");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("ERROR livewire one", data(f).get("message").asText());
        assertEquals(data(f).get("id").asText(), f.id());
        assertTrue(millis < 10_000, "202 to tail in " + millis + " ms");

        ingest(fx, other, "the other tenant's own\n");
        Frame own = theirs.next("log", WAIT);
        assertNotNull(own);
        assertEquals("the other tenant's own", data(own).get("message").asText());
        for (Frame g : theirs.during(Duration.ofMillis(500))) {
          assertFalse(g.data() != null && g.data().contains("livewire"), "acme's event in other's tail: " + g);
        }
      }
    }
  }

  @Test
  void badFiltersAre400sWithACodeNeverA500() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_READ);
      Map<String, String> cases = Map.of(
          "q=" + enc("(unclosed"), "invalid_query",
          "severity=LOUD", "invalid_field",
          "limit=5", "unknown_field",
          "since=yesterday", "invalid_since");
      for (Map.Entry<String, String> c : cases.entrySet()) {
        HttpResponse<String> r = fx.send(HttpRequest.newBuilder(fx.uri("logs/tail?" + c.getKey())).GET()
            .header("Authorization", "Bearer " + acme));
        assertEquals(400, r.statusCode(), c.getKey() + ": " + r.body());
        assertEquals(c.getValue(), Json.mapper().readTree(r.body()).get("code").asText(), c.getKey());
      }
      HttpResponse<String> none = fx.send(HttpRequest.newBuilder(fx.uri("logs/tail")).GET());
      assertEquals(401, none.statusCode());
    }
  }

  @Test
  void sinceReplaysTheStoreThenGoesLiveWithoutGapsOrDuplicates() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
      ingest(fx, acme, "seam 1\nseam 2\nseam 3\n");
      fx.awaitProcessed();
      Thread.sleep(1500); // visible to queries within about a second
      try (SseReader t = tail(fx, acme, "q=seam&since=" + enc("2000-01-01T00:00:00Z"))) {
        assertEquals(200, t.status());
        ingest(fx, acme, "seam 4\nseam 5\n");
        List<String> messages = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (messages.size() < 5) {
          Frame f = t.next("log", WAIT);
          assertNotNull(f, "got only " + messages);
          messages.add(data(f).get("message").asText());
          assertTrue(ids.add(f.id()), "duplicate " + f.id());
        }
        assertEquals(List.of("seam 1", "seam 2", "seam 3", "seam 4", "seam 5"), messages);
        for (Frame g : t.during(Duration.ofMillis(800))) {
          assertFalse("log".equals(g.event()), "nothing more: " + g);
        }
      }
    }
  }

  @Test
  void aTenantHoldsAtMostFiveTailsAndAClosedOneFreesItsPlace() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_READ);
      List<SseReader> open = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          SseReader r = tail(fx, acme, "");
          assertEquals(200, r.status());
          open.add(r);
        }
        HttpResponse<String> sixth = fx.send(HttpRequest.newBuilder(fx.uri("logs/tail")).GET()
            .header("Authorization", "Bearer " + acme));
        assertEquals(429, sixth.statusCode(), sixth.body());
        assertEquals("too_many_tails", Json.mapper().readTree(sixth.body()).get("code").asText());
        // Another tenant is not counted against acme.
        try (SseReader b = tail(fx, fx.token("other", Role.LOGS_READ), "")) {
          assertEquals(200, b.status());
        }
        open.remove(0).close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int status;
        do {
          Thread.sleep(100);
          SseReader again = tail(fx, acme, "");
          status = again.status();
          if (status == 200) {
            open.add(again);
          } else {
            again.close();
          }
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "a closed tail frees its place");
      } finally {
        open.forEach(SseReader::close);
      }
    }
  }
}
