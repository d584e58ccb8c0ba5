package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/logs/aggregate} on the local runtime, over the HDFS Loghub sample: the top
 * patterns with counts, first and last seen and a sample equal what the query path returns; the
 * histogram adds up; metrics are exact; a bad aggregation is a 400 with a code, answered at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregateOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
    byte[] hdfs = (String.join("\n", Loghub.lines("HDFS")) + "\n").getBytes(StandardCharsets.UTF_8);
    assertEquals(202, fx.ingest("text/plain", hdfs, "service=hdfs").statusCode());
    StringBuilder api = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      api.append("{\"message\":\"GET /orders took ").append(i).append(" ms\",\"service\":\"api\",")
          .append("\"timestamp\":\"2024-05-01T12:").append(String.format("%02d", i % 60)).append(":00Z\",")
          .append("\"severity\":\"").append(i % 10 == 0 ? "ERROR" : "INFO").append("\",")
          .append("\"attributes\":{\"latency\":").append(i + 1).append(",\"route\":\"/r").append(i % 4).append("\"}}\n");
    }
    assertEquals(202, fx.ingest("application/x-ndjson", api.toString().getBytes(StandardCharsets.UTF_8), null)
        .statusCode());
    fx.awaitProcessed();
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private HttpResponse<String> aggregate(String json) throws Exception {
    return fx.send(HttpRequest.newBuilder(fx.uri("logs/aggregate"))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Authorization", "Bearer " + fx.token)
        .header("Content-Type", "application/json"));
  }

  private JsonNode ok(String json) throws Exception {
    HttpResponse<String> r = aggregate(json);
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body());
  }

  @Test
  void queriesAndAggregationsSayHowLongTheServerTookInServerTiming() throws Exception {
    HttpResponse<String> a = aggregate("{\"services\":[\"hdfs\"],\"from\":\"2000-01-01T00:00:00Z\",\"groupBy\":[\"host\"]}");
    HttpResponse<String> q = fx.query("{\"services\":[\"hdfs\"],\"limit\":10}");
    for (HttpResponse<String> r : List.of(a, q)) {
      assertEquals(200, r.statusCode(), r.body());
      String timing = r.headers().firstValue("Server-Timing").orElse("");
      assertTrue(timing.matches("app;dur=\\d+\\.\\d{2}"), timing);
      double millis = Double.parseDouble(timing.substring("app;dur=".length()));
      assertTrue(millis > 0 && millis < 60_000, timing);
    }
    // A refused question says nothing of the kind: its time is not the store's.
    HttpResponse<String> bad = aggregate("{\"groupBy\":[\"host\"],\"top\":-1}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertFalse(bad.headers().firstValue("Server-Timing").isPresent());
  }

  @Test
  void groupByPatternGivesTheTopTemplatesWithCountsFirstAndLastSeenAndASample() throws Exception {
    JsonNode a = ok("{\"services\":[\"hdfs\"],\"from\":\"2000-01-01T00:00:00Z\",\"groupBy\":[\"pattern\"],\"top\":5}");
    List<JsonNode> events = fx.queryAll(Map.of("services", List.of("hdfs")));
    assertEquals(2000, events.size());
    assertEquals(events.size(), a.get("total").asInt());
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> first = new HashMap<>();
    Map<String, String> last = new HashMap<>();
    Map<String, String> template = new HashMap<>();
    for (JsonNode e : events) {
      String p = e.get("patternId").asText();
      counts.merge(p, 1, Integer::sum);
      String t = e.get("timestamp").asText();
      first.merge(p, t, (x, y) -> x.compareTo(y) <= 0 ? x : y);
      last.merge(p, t, (x, y) -> x.compareTo(y) >= 0 ? x : y);
      template.put(p, e.get("template").asText());
    }
    List<Integer> largest = counts.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(5).toList();
    JsonNode groups = a.get("groups");
    assertEquals(5, groups.size(), a.toString());
    int listed = 0;
    for (int i = 0; i < 5; i++) {
      JsonNode g = groups.get(i);
      String p = g.get("key").get("pattern").asText();
      assertEquals(largest.get(i), g.get("count").asInt(), g.toString());
      assertEquals(counts.get(p), g.get("count").asInt(), g.toString());
      assertEquals(first.get(p), g.get("firstSeen").asText());
      assertEquals(last.get(p), g.get("lastSeen").asText());
      assertEquals(template.get(p), g.get("template").asText());
      assertTrue(events.stream().anyMatch(e -> e.get("patternId").asText().equals(p)
          && e.get("message").asText().equals(g.get("sample").asText())), g.toString());
      listed += g.get("count").asInt();
    }
    assertEquals(2000 - listed, a.get("other").asInt());
    assertFalse(a.get("approximate").asBoolean());
  }

  @Test
  void aHistogramSplitBySeverityAddsUpAndMetricsAreExact() throws Exception {
    JsonNode a = ok("{\"services\":[\"api\"],\"from\":\"2024-05-01T12:00:00Z\",\"to\":\"2024-05-01T13:00:00Z\","
        + "\"groupBy\":[\"severity\",\"attributes.route\"],\"top\":3,"
        + "\"histogram\":{\"interval\":\"auto\",\"by\":\"severity\"},\"metrics\":[\"latency\"]}");
    assertEquals(200, a.get("total").asInt());
    JsonNode h = a.get("histogram");
    assertEquals("30s", h.get("interval").asText(), "an hour in 120 buckets: the shortest step with at most 120");
    assertEquals(120, h.get("buckets").size());
    long sum = 0;
    for (JsonNode b : h.get("buckets")) {
      sum += b.get("count").asLong();
      long split = 0;
      for (JsonNode c : b.get("series")) {
        split += c.asLong();
      }
      assertEquals(b.get("count").asLong(), split, b.toString());
    }
    assertEquals(200, sum);
    assertEquals(List.of("INFO", "ERROR"), List.of(h.get("series").get(0).asText(), h.get("series").get(1).asText()));
    JsonNode m = a.get("metrics").get("latency");
    assertEquals(200, m.get("count").asInt());
    assertEquals(1.0, m.get("min").asDouble());
    assertEquals(200.0, m.get("max").asDouble());
    assertEquals(100.5, m.get("avg").asDouble(), 1e-9);
    assertEquals(100, m.get("p50").asDouble(), 1.0);
    assertEquals(190, m.get("p95").asDouble(), 1.9);
    assertEquals(3, a.get("groups").size());
    assertEquals(List.of(50, 50, 40), List.of(a.get("groups").get(0).get("count").asInt(),
        a.get("groups").get(1).get("count").asInt(), a.get("groups").get(2).get("count").asInt()));
    assertEquals(Map.of("severity", "INFO", "attributes.route", "/r1"),
        Json.mapper().convertValue(a.get("groups").get(0).get("key"), Map.class));
  }

  @Test
  void badAggregationsAre400sWithACodeNeverA500AndNeverSlow() throws Exception {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("{\"groupBy\":[\"severity\",\"service\",\"host\",\"pattern\"]}", "invalid_field");
    bad.put("{\"groupBy\":[\"message\"]}", "invalid_field");
    bad.put("{\"groupBy\":\"service\",\"top\":5000}", "invalid_field");
    bad.put("{\"last\":\"1h\",\"histogram\":{\"interval\":\"soon\"}}", "invalid_interval");
    bad.put("{\"last\":\"30d\",\"histogram\":{\"interval\":\"1s\"}}", "too_many_buckets");
    bad.put("{\"histogram\":{\"interval\":\"auto\"}}", "invalid_field");
    bad.put("{\"metrics\":[\"severity\"]}", "invalid_metric");
    bad.put("{\"groupBy\":\"service\",\"bogus\":1}", "unknown_field");
    bad.put("{\"q\":\"(error\"}", "invalid_query");
    bad.put("{\"last\":\"1h\",\"from\":\"2024-01-01T00:00:00Z\"}", "conflicting_fields");
    bad.put("{\"groupBy\":", "malformed_json");
    for (Map.Entry<String, String> b : bad.entrySet()) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = aggregate(b.getKey());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(400, r.statusCode(), b.getKey() + " " + r.body());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals(b.getValue(), Json.mapper().readTree(r.body()).get("code").asText(), r.body());
      assertTrue(millis < 2_000, b.getKey() + " answered in " + millis + " ms");
    }
  }
}
