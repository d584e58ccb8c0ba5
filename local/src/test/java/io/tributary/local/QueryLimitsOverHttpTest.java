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
 * A query costs a bounded amount: its body is at most 64 KiB, {@code q} holds at most 32 distinct
 * words (repeats count once), and one that runs past its deadline stops and answers 503.
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
      for (int i = 0; i < 33; i++) {
        words.append("word").append(i).append(' ');
      }
      HttpResponse<String> many = fx.query(json(Map.of("q", words.toString())));
      assertProblem(many, 400, "too_many_words");
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
