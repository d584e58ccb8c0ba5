package io.tributary.local.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.tributary.alert.AlertEvaluator;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.search.InMemorySearchIndex;
import io.tributary.search.IndexFeed;
import io.tributary.search.IndexingPolicy;
import io.tributary.telemetry.PlatformMetrics;
import io.tributary.testing.Loghub;
import io.tributary.testing.TestEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The change-feed consumers' counters as a scrape shows them: what the search feed indexed,
 * skipped and had rejected ({@code tributary_search_indexed_total}, Azure's Index function) and
 * the events the alert evaluator checked ({@code tributary_alert_evaluated_total}), over real
 * OpenSSH lines.
 */
class ChangeFeedMetricsTest {

  private static final TenantId ACME = TenantId.of("acme");

  @Test
  void aScrapeShowsTheEventsIndexedSkippedAndEvaluatedByOutcome() throws Exception {
    long now = Timestamps.ofInstant(Clock.systemUTC().instant());
    List<LogEvent> events = new ArrayList<>();
    List<String> lines = Loghub.lines("OpenSSH").subList(0, 300);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      events.add(TestEvents.event(ACME, "e-" + i, now - i * 1_000_000L,
          l.contains("authentication failure") ? Severity.ERROR : Severity.INFO, "sshd", "LabSZ", l, Map.of()));
    }
    long errors = events.stream().filter(e -> e.severity() == Severity.ERROR).count();
    assertTrue(errors > 0 && errors < 300);
    IndexFeed feed = new IndexFeed(new InMemorySearchIndex(), IndexingPolicy.DEFAULT, t -> null, Clock.systemUTC());
    feed.feed(events);
    feed.feed(events.subList(0, 10)); // a delivery again: its picked events indexed again (idempotent), the rest skipped
    AlertEvaluator evaluator = new AlertEvaluator(Clock.systemUTC(), (rule, t) -> { });
    evaluator.stored(events);

    PrometheusExposition exposition = new PrometheusExposition();
    try (SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(exposition).build()) {
      PlatformMetrics metrics = new PlatformMetrics(meters.get(PlatformMetrics.SCOPE));
      metrics.observeSearchIndexing(() -> {
        IndexFeed.Counts c = feed.counts();
        return new long[] {c.indexed(), c.rejected(), c.skipped()};
      });
      metrics.observeAlertEvaluation(evaluator::evaluatedEvents);
      String text = exposition.scrape();
      long againErrors = events.subList(0, 10).stream().filter(e -> e.severity() == Severity.ERROR).count();
      assertTrue(text.contains("# TYPE tributary_search_indexed_total counter"), text);
      assertTrue(text.contains("tributary_search_indexed_total{outcome=\"indexed\"} " + (errors + againErrors) + "\n"),
          text);
      assertTrue(text.contains("tributary_search_indexed_total{outcome=\"skipped\"} "
          + (300 - errors + 10 - againErrors) + "\n"), text);
      assertTrue(text.contains("tributary_search_indexed_total{outcome=\"rejected\"} 0\n"), text);
      assertTrue(text.contains("tributary_alert_evaluated_total 300\n"), text);
      assertEquals(300, evaluator.evaluatedEvents());
    }
  }
}
