package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's metrics as the local runtime serves them at {@code GET /metrics} in the Prometheus
 * text format: real HDFS lines ingested with two bad items, then processed; the scrape counts what
 * ingest accepted and rejected (by reason) and what processing stored, shows each partition's
 * lag, and has the ingest requests' durations by status class.
 */
class MetricsTest {

  @TempDir
  Path dir;

  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*})? (\\S+)$");

  /** Every sample line, keyed by name and labels as written. */
  private static Map<String, String> samples(String text) {
    Map<String, String> out = new HashMap<>();
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), m.group(3));
    }
    return out;
  }

  @Test
  void aScrapeCountsWhatIngestAcceptedAndRejectedByReasonAndWhatProcessingStored() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      List<String> lines = Loghub.lines("HDFS").subList(0, 300);
      StringBuilder body = new StringBuilder();
      for (String l : lines) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("message", l);
        body.append(e).append('\n');
      }
      body.append("{\"message\": \"cut short\n").append("[1, 2]\n");
      assertEquals(202, fx.ingest("application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8), null)
          .statusCode());
      assertEquals(400, fx.ingest("application/x-ndjson", "\n".getBytes(StandardCharsets.UTF_8), null).statusCode());
      fx.awaitProcessed();

      java.net.http.HttpResponse<String> scraped = fx.http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + fx.runtime.port() + "/metrics")).GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, scraped.statusCode(), "no token: scrapers send none");
      assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
      String text = scraped.body();
      Map<String, String> s = samples(text);
      assertEquals("300", s.get("tributary_ingest_events_total{outcome=\"accepted\"}"), text);
      long rejected = s.entrySet().stream().filter(e -> e.getKey().startsWith("tributary_ingest_events_total{")
          && e.getKey().contains("outcome=\"rejected\"")).mapToLong(e -> Long.parseLong(e.getValue())).sum();
      assertEquals(2, rejected, text);
      assertEquals("1", s.get("tributary_ingest_requests_total{outcome=\"accepted\"}"), text);
      assertEquals("1", s.get("tributary_ingest_requests_total{outcome=\"refused\",reason=\"empty_body\"}"), text);
      assertEquals("300", s.get("tributary_process_events_total"), text);
      assertEquals("0", s.get("tributary_process_quarantined_total"), text);
      assertTrue(s.containsKey("tributary_process_lag{partition=\"0\"}"), text);
      assertTrue(text.contains("# TYPE tributary_ingest_events_total counter"), text);
      assertTrue(text.contains("# TYPE tributary_process_lag gauge"), text);
      assertEquals("1", s.get("tributary_http_server_duration_seconds_count{function=\"Ingest\",status=\"2xx\"}"), text);
      assertEquals("1", s.get("tributary_http_server_duration_seconds_count{function=\"Ingest\",status=\"4xx\"}"), text);
      assertTrue(text.contains("tributary_http_server_duration_seconds_bucket{function=\"Ingest\",le=\"+Inf\","
          + "status=\"2xx\"} 1"), text);
      // Processing tells the alert evaluator right after it counts the events stored: scrape until it has.
      String evaluated = s.get("tributary_alert_evaluated_total");
      for (int i = 0; i < 100 && !"300".equals(evaluated); i++) {
        Thread.sleep(100);
        evaluated = samples(fx.http.send(scraped.request(), java.net.http.HttpResponse.BodyHandlers.ofString()).body())
            .get("tributary_alert_evaluated_total");
      }
      assertEquals("300", evaluated, "every stored event is evaluated against its tenant's alert rules");
      assertTrue(text.contains("# TYPE tributary_alert_evaluated_total counter"), text);
      assertFalse(text.contains("tributary_search_indexed"), "the local runtime has no search feed: no such series");
    }
  }
}
