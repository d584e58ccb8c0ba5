package io.tributary.query.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.process.Enricher;
import io.tributary.query.LogFilter;
import io.tributary.query.QueryException;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The aggregator over the Loghub samples equals a plain computation over the same events. */
class AggregatorTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final List<LogEvent> EVENTS = new ArrayList<>();

  @BeforeAll
  static void enrichLoghub() {
    Enricher enricher = new Enricher();
    long ingested = 1_764_000_000_000_000_000L;
    int i = 0;
    for (String system : Loghub.SYSTEMS) {
      for (String line : Loghub.lines(system)) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("len", (long) line.length());
        attrs.put("ratio", (i % 97) / 7.0 - 3);
        LogEvent raw = new LogEvent(EventIds.next(ingested / 1_000_000L + i), ACME, EventKind.TEXT,
            LogEvent.UNSET_TIME, ingested + i, io.tributary.event.Severity.INFO, null, system, "h" + (i % 3), line,
            attrs, null, null, null, null);
        EVENTS.add(enricher.enrich(raw));
        i++;
      }
    }
  }

  private static AggregateRequest request(String json) throws QueryException {
    return AggregateRequest.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static AggregateResult run(AggregateRequest r, List<LogEvent> events, long from, long to) {
    LogFilter filter = LogFilter.of(r.query().query());
    Aggregator a = new Aggregator(r, from, to);
    events.stream().filter(filter::matches).forEach(a);
    return a.result();
  }

  @Test
  void groupCountsBySeverityAndServiceEqualAPlainCount() throws Exception {
    AggregateRequest r = request("{\"groupBy\":[\"service\",\"severity\"],\"top\":1000}");
    List<LogEvent> shuffled = new ArrayList<>(EVENTS);
    Collections.shuffle(shuffled, new java.util.Random(7));
    AggregateResult got = run(r, shuffled, 0, 1);
    Map<List<String>, Long> expected = EVENTS.stream().collect(Collectors.groupingBy(
        e -> java.util.Arrays.asList(e.service(), e.severity() == null ? null : e.severity().name()),
        Collectors.counting()));
    assertEquals(EVENTS.size(), got.total());
    assertEquals(expected.size(), got.groups().size());
    for (AggregateResult.Group g : got.groups()) {
      assertEquals(expected.get(g.key()), g.count(), g.key().toString());
    }
    assertEquals(0, got.other());
    assertFalse(got.approximate());
    assertEquals(got, run(r, EVENTS, 0, 1), "the order events come in changes nothing");
  }

  @Test
  void topNKeepsTheLargestAndCountsTheRestAsOther() throws Exception {
    AggregateRequest r = request("{\"groupBy\":\"pattern\",\"top\":5,\"q\":\"service:HDFS OR service:BGL\"}");
    AggregateResult got = run(r, EVENTS, 0, 1);
    List<LogEvent> hdfs = EVENTS.stream().filter(e -> e.service().equals("HDFS") || e.service().equals("BGL")).toList();
    Map<String, List<LogEvent>> byPattern = hdfs.stream().collect(Collectors.groupingBy(e -> String.valueOf(e.patternId())));
    List<Long> counts = byPattern.values().stream().map(l -> (long) l.size()).sorted(Collections.reverseOrder()).toList();
    assertEquals(hdfs.size(), got.total());
    assertEquals(counts.subList(0, 5), got.groups().stream().map(AggregateResult.Group::count).toList());
    assertEquals(hdfs.size() - counts.subList(0, 5).stream().mapToLong(Long::longValue).sum(), got.other());
    for (AggregateResult.Group g : got.groups()) {
      List<LogEvent> members = byPattern.get(g.key().get(0));
      assertNotNull(g.template(), g.toString());
      assertEquals(members.get(0).template(), g.template());
      assertEquals(members.stream().mapToLong(LogEvent::timeNanos).min().getAsLong(), g.firstSeenNanos());
      assertEquals(members.stream().mapToLong(LogEvent::timeNanos).max().getAsLong(), g.lastSeenNanos());
      assertTrue(members.stream().anyMatch(e -> e.message().equals(g.sample())), g.sample());
    }
  }

  @Test
  void histogramBucketsAndSeriesAddUpToTheEventsInRange() throws Exception {
    List<LogEvent> spark = EVENTS.stream().filter(e -> e.service().equals("Spark")).toList();
    long min = spark.stream().mapToLong(LogEvent::timeNanos).min().getAsLong();
    long max = spark.stream().mapToLong(LogEvent::timeNanos).max().getAsLong();
    AggregateRequest r = request("{\"services\":[\"Spark\"],\"from\":0,"
        + "\"histogram\":{\"interval\":\"auto\",\"by\":\"severity\",\"series\":2}}");
    AggregateResult got = run(r, EVENTS, min, max + 1);
    AggregateResult.Histogram h = got.histogram();
    assertTrue(h.buckets().size() >= 48 && h.buckets().size() <= 120, h.buckets().size() + " buckets");
    assertEquals(spark.size(), h.buckets().stream().mapToLong(AggregateResult.Bucket::count).sum());
    Map<Long, Long> expected = new HashMap<>();
    for (LogEvent e : spark) {
      expected.merge(Math.floorDiv(e.timeNanos(), h.stepNanos()) * h.stepNanos(), 1L, Long::sum);
    }
    for (AggregateResult.Bucket b : h.buckets()) {
      assertEquals(expected.getOrDefault(b.startNanos(), 0L), b.count());
      assertEquals(b.count(), b.series().values().stream().mapToLong(Long::longValue).sum(), "series add up");
    }
    assertTrue(h.series().size() <= 2);
  }

  @Test
  void metricsAreExactAndPercentilesWithinOnePercent() throws Exception {
    AggregateRequest r = request("{\"metrics\":[\"attributes.len\",\"ratio\",\"nothing\"]}");
    AggregateResult got = run(r, EVENTS, 0, 1);
    for (String name : List.of("attributes.len", "ratio")) {
      String attribute = name.replace("attributes.", "");
      double[] values = EVENTS.stream().mapToDouble(e -> ((Number) e.attributes().get(attribute)).doubleValue())
          .sorted().toArray();
      AggregateResult.Metric m = got.metrics().get(name);
      assertEquals(values.length, m.count());
      assertEquals(values[0], m.min());
      assertEquals(values[values.length - 1], m.max());
      assertEquals(java.util.Arrays.stream(values).average().getAsDouble(), m.avg(), 1e-9);
      double[] qs = {0.5, 0.95, 0.99};
      double[] got3 = {m.p50(), m.p95(), m.p99()};
      for (int k = 0; k < qs.length; k++) {
        double exact = values[(int) Math.ceil(qs[k] * values.length) - 1];
        assertTrue(Math.abs(got3[k] - exact) <= ValueSketch.RELATIVE_ERROR * Math.abs(exact) + 1e-9,
            name + " p" + qs[k] + ": " + got3[k] + " vs " + exact);
      }
    }
    assertEquals(0, got.metrics().get("nothing").count());
  }

  @Test
  void beyondTheGroupCapTheRestIsOtherAndTheAnswerApproximate() throws Exception {
    AggregateRequest r = request("{\"groupBy\":[\"attributes.n\"],\"top\":3}");
    Aggregator a = new Aggregator(r, 0, 1);
    int n = Aggregator.MAX_GROUPS + 500;
    for (int i = 0; i < n; i++) {
      a.accept(withN(EVENTS.get(i % EVENTS.size()), i));
    }
    AggregateResult got = a.result();
    assertEquals(n, got.total());
    assertTrue(got.approximate());
    assertEquals(3, got.groups().size());
    assertEquals(n - 3, got.other());
  }

  private static LogEvent withN(LogEvent e, int n) {
    return new LogEvent(e.id(), e.tenant(), e.kind(), e.timeNanos(), e.ingestedNanos(), e.severity(),
        e.severityText(), e.service(), e.host(), e.message(), Map.of("n", (long) n), e.traceId(), e.spanId(),
        e.patternId(), e.template());
  }
}
