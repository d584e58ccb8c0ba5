package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.config.Settings;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query costs a bounded amount: its body is at most 64 KiB, {@code q} holds at most 256 distinct
 * terms (repeats count once) nested at most 32 deep, and one that runs past its deadline stops and
 * answers 503. A bad query is a 400 with a code, never a 500, and answered at once.
 */
class QueryLimitsOverHttpTest {

  @TempDir
  Path dir;

  private static String json(Map<String, Object> m) {
    return new String(Json.bytes(m), StandardCharsets.UTF_8);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode p = Json.mapper().readTree(r.body());
    assertEquals(code, p.get("code").asText(), r.body());
  }

  @Test
  void oversizedBodiesAndTooManyWordsAre400AndRepeatedWordsAreOneWord() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      // A 200 KB message with the word sought at its very end.
      String word = "zz";
      String message = "a haystack line " + "and more hay ".repeat(15_000) + word;
      HttpResponse<String> ingested = fx.ingest("text/plain", (message + "\n").getBytes(StandardCharsets.UTF_8), null);
      assertEquals(202, ingested.statusCode(), ingested.body());
      fx.awaitProcessed();

      Map<String, Object> big = new LinkedHashMap<>();
      big.put("services", List.of("s".repeat(70_000)));
      assertProblem(fx.query(json(big)), 400, "query_too_large");

      StringBuilder words = new StringBuilder();
      for (int i = 0; i < 257; i++) {
        words.append("word").append(i).append(' ');
      }
      HttpResponse<String> many = fx.query(json(Map.of("q", words.toString())));
      assertProblem(many, 400, "query_too_complex");
      assertEquals("q", Json.mapper().readTree(many.body()).get("field").asText());

      // 20,000 repeats of a word the message holds (the finding took 4.7 s on one event): one word,
      // matched in one pass over the message.
      long t0 = System.nanoTime();
      HttpResponse<String> repeated = fx.query(json(Map.of("q", (word + " ").repeat(20_000))));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, repeated.statusCode(), repeated.body());
      assertEquals(1, Json.mapper().readTree(repeated.body()).get("events").size());
      assertTrue(millis < 3_000, "answered in " + millis + " ms");
    }
  }

  @Test
  void badQueriesAre400sWithACodeNeverA500AndNeverSlow() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      StringBuilder tenThousand = new StringBuilder();
      for (int i = 0; i < 10_000; i++) {
        tenThousand.append('t').append(i).append(' ');
      }
      Map<String, String> bad = new LinkedHashMap<>();
      bad.put("9am:x", "unknown_field");
      bad.put("status:[500 TO 200]", "invalid_range");
      bad.put("(error OR warn", "invalid_query");
      bad.put("error)", "invalid_query");
      bad.put("severity:>=loud", "invalid_query");
      bad.put("service:>=api", "invalid_query");
      bad.put("(".repeat(33) + "x" + ")".repeat(33), "query_too_complex");
      bad.put(tenThousand.toString(), "query_too_complex");
      for (Map.Entry<String, String> b : bad.entrySet()) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = fx.query(json(Map.of("q", b.getKey())));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertProblem(r, 400, b.getValue());
        assertTrue(Json.mapper().readTree(r.body()).get("detail").asText().startsWith("at column "), r.body());
        assertTrue(millis < 2_000, b.getValue() + " answered in " + millis + " ms");
      }
      assertProblem(fx.query("{\"last\":\"15m\",\"to\":\"2024-01-01T00:00:00Z\"}"), 400, "conflicting_fields");
    }
  }

  @Test
  void aCursorOfAnotherTenantOrAnotherQIs400AndFieldsCutTheEvents() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        lines.append("{\"message\":\"disk full on vol").append(i).append("\",\"service\":\"db\",\"attributes\":")
            .append("{\"user\":\"ann\",\"n\":").append(i).append("}}\n");
      }
      HttpResponse<String> in = fx.ingest("application/x-ndjson", lines.toString().getBytes(StandardCharsets.UTF_8), null);
      assertEquals(202, in.statusCode(), in.body());
      fx.awaitProcessed();
      HttpResponse<String> first = fx.query("{\"q\":\"disk n:>=1\",\"last\":\"1h\",\"limit\":2,"
          + "\"fields\":[\"message\",\"attributes.n\"]}");
      assertEquals(200, first.statusCode(), first.body());
      JsonNode page = Json.mapper().readTree(first.body());
      assertEquals(2, page.get("events").size(), first.body());
      JsonNode e = page.get("events").get(0);
      assertEquals(List.of("id", "timestamp", "message", "attributes"), iterator(e.fieldNames()));
      assertEquals(List.of("n"), iterator(e.get("attributes").fieldNames()));
      String cursor = page.get("nextCursor").asText();
      String other = fx.token("globex", io.tributary.auth.Role.LOGS_READ);
      assertProblem(fx.queryAs(other, "{\"q\":\"disk n:>=1\",\"last\":\"1h\",\"cursor\":\"" + cursor + "\"}"),
          400, "invalid_cursor");
      assertProblem(fx.query("{\"q\":\"disk n:>=2\",\"last\":\"1h\",\"cursor\":\"" + cursor + "\"}"),
          400, "cursor_mismatch");
      HttpResponse<String> second = fx.query("{\"q\":\"disk   n:>=1.0\",\"last\":\"60m\",\"limit\":2,"
          + "\"cursor\":\"" + cursor + "\"}");
      assertEquals(200, second.statusCode(), second.body());
      assertEquals(2, Json.mapper().readTree(second.body()).get("events").size(), "the same query, written otherwise");
    }
  }

  private static List<String> iterator(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aQueryPastItsDeadlineIs503QueryTimeoutWithRetryAfter() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(Settings.QUERY_TIMEOUT_MS.name(), "1");
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      // Most lines hold "alpha" and "beta" only inside a longer word: every row passes the block's and
      // the row's filters and must be decoded and matched, which takes far longer than 1 ms.
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        lines.add(i % 50 == 0 ? "alpha " + i : i % 50 == 25 ? "beta " + i : "alphabeta gamma " + i);
      }
      HttpResponse<String> ingested = fx.ingest("text/plain",
          (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), null);
      assertEquals(202, ingested.statusCode(), ingested.body());
      fx.awaitProcessed();
      HttpResponse<String> r = fx.query(json(Map.of("q", "alpha beta", "limit", 10)));
      assertProblem(r, 503, "query_timeout");
      assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
      assertTrue(Json.mapper().readTree(r.body()).get("detail").asText().contains("narrow the time range"), r.body());
    }
  }
}
