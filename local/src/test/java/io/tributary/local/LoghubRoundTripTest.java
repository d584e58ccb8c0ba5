package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.process.Enricher;
import io.tributary.query.Words;
import io.tributary.testing.Loghub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line of every Loghub sample goes in over HTTP as text and comes back by service, time
 * range, severity and word, with exact counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoghubRoundTripTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void ingestEverySample() throws Exception {
    fx = RuntimeFixture.start(dir);
    for (String system : Loghub.SYSTEMS) {
      List<String> lines = Loghub.lines(system);
      for (int from = 0; from < lines.size(); from += 500) {
        String body = String.join("\n", lines.subList(from, Math.min(lines.size(), from + 500))) + "\n";
        HttpResponse<String> r = fx.ingest("text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
            "service=" + system.toLowerCase(Locale.ROOT));
        assertEquals(202, r.statusCode(), r.body());
      }
    }
    fx.awaitProcessed();
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private List<JsonNode> all(String service, Map<String, Object> extra) throws Exception {
    Map<String, Object> q = new LinkedHashMap<>(extra);
    q.put("services", List.of(service));
    return fx.queryAll(q);
  }

  @Test
  void everyLineComesBackExactlyOnceByService() throws Exception {
    for (String system : Loghub.SYSTEMS) {
      List<String> lines = Loghub.lines(system);
      List<String> got = new ArrayList<>();
      for (JsonNode e : all(system.toLowerCase(Locale.ROOT), Map.of())) {
        got.add(e.get("message").asText());
      }
      assertEquals(sorted(lines), sorted(got), system);
    }
  }

  @Test
  void timeRangeSeverityAndWordQueriesGiveExactCounts() throws Exception {
    Enricher enricher = LocalRuntime.newEnricher();
    for (String system : Loghub.SYSTEMS) {
      String service = system.toLowerCase(Locale.ROOT);
      List<JsonNode> events = all(service, Map.of());
      List<Long> times = new ArrayList<>();
      Map<Severity, Integer> bySeverity = new TreeMap<>();
      Map<String, Integer> documentFrequency = new HashMap<>();
      for (JsonNode e : events) {
        String line = e.get("message").asText();
        long ingested = Timestamps.parse(e.get("ingestedAt").asText());
        LogEvent expected = enricher.enrich(new LogEvent("x", TenantId.of("acme"), EventKind.TEXT,
            LogEvent.UNSET_TIME, ingested, Severity.INFO, null, service, "unknown", line, Map.of(), null, null,
            null, null));
        assertEquals(Timestamps.format(expected.timeNanos()), e.get("timestamp").asText(), line);
        assertEquals(expected.severity().name(), e.get("severity").asText(), line);
        times.add(expected.timeNanos());
        bySeverity.merge(expected.severity(), 1, Integer::sum);
        new java.util.HashSet<>(Words.of(line)).forEach(w -> documentFrequency.merge(w, 1, Integer::sum));
      }
      times.sort(null);
      long from = times.get(times.size() / 4);
      long to = times.get(3 * times.size() / 4);
      if (from == to) {
        to = from + 1;
      }
      long f = from;
      long t = to;
      long inRange = times.stream().filter(x -> x >= f && x < t).count();
      assertTrue(inRange > 0, system + ": the range selects something");
      assertEquals(inRange, all(service, Map.of("from", Timestamps.format(from), "to", Timestamps.format(to))).size(),
          system + " time range");

      for (Map.Entry<Severity, Integer> s : bySeverity.entrySet()) {
        assertEquals(s.getValue().intValue(), all(service, Map.of("severity", List.of(s.getKey().name()))).size(),
            system + " severity " + s.getKey());
      }

      String word = documentFrequency.entrySet().stream()
          .filter(w -> w.getValue() > events.size() / 10 && w.getValue() < events.size() * 9 / 10)
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .findFirst().map(Map.Entry::getKey).orElseThrow();
      assertEquals(documentFrequency.get(word).intValue(), all(service, Map.of("q", word)).size(),
          system + " word '" + word + "'");
    }
  }

  private static List<String> sorted(List<String> l) {
    List<String> c = new ArrayList<>(l);
    c.sort(null);
    return c;
  }
}
