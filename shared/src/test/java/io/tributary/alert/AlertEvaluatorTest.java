package io.tributary.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.testing.MutableClock;
import io.tributary.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

  private static final TenantId ACME = TenantId.of("acme");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final List<AlertTransition> out = new ArrayList<>();
  private final AlertEvaluator evaluator = new AlertEvaluator(clock, (rule, t) -> out.add(t));
  private int seq;
  private long version = 1;

  private AlertRule rule(String id, String doc) throws Exception {
    AlertRule r = AlertRuleDocument.fromJson(id, Json.mapper().readTree(doc));
    evaluator.changed(new AlertService.Change(ACME, id, r, version++));
    return r;
  }

  private LogEvent event(String host, Severity severity, String message) {
    long now = Timestamps.ofInstant(clock.instant());
    return TestEvents.event(ACME, "e-" + (seq++), now, severity, "billing", host, message, Map.of());
  }

  private List<LogEvent> events(int n, String host, Severity severity) {
    List<LogEvent> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(event(host, severity, "payment failed for order " + i));
    }
    return l;
  }

  private List<String> states() {
    return out.stream().map(t -> t.state().wire() + (t.group() == null ? "" : ":" + t.group())).toList();
  }

  @Test
  void aThresholdFiresOnceResolvesOnceAndWaitsOutItsCooldown() throws Exception {
    rule("r1", """
        {"name":"payment errors","query":{"q":"severity:>=error payment"},
         "condition":{"type":"threshold","count":5,"window":"1m"},"cooldown":"10m"}""");
    evaluator.stored(events(4, "h1", Severity.ERROR));
    evaluator.stored(events(10, "h1", Severity.INFO));
    assertEquals(List.of(), states(), "4 matches: below the threshold; INFO does not match");
    evaluator.stored(events(1, "h1", Severity.ERROR));
    assertEquals(List.of("firing"), states());
    AlertTransition f = out.get(0);
    assertEquals(5, f.count());
    assertEquals(5, f.threshold());
    assertEquals(5, f.samples().size());
    assertEquals("r1", f.ruleId());
    assertTrue(f.query().path("q").asText().contains("payment"), f.query().toString());
    evaluator.stored(events(20, "h1", Severity.ERROR));
    evaluator.tick();
    assertEquals(List.of("firing"), states(), "no second notification while it holds");
    clock.advance(Duration.ofSeconds(61));
    evaluator.tick();
    assertEquals(List.of("firing", "resolved"), states(), "the window slid past the matches");
    evaluator.tick();
    assertEquals(2, out.size(), "resolved once");
    evaluator.stored(events(5, "h1", Severity.ERROR));
    assertEquals(2, out.size(), "within the cooldown (10m from firing): held back");
    clock.advance(Duration.ofMinutes(9));
    evaluator.stored(events(5, "h1", Severity.ERROR));
    assertEquals(List.of("firing", "resolved", "firing"), states(), "the cooldown passed, the condition holds");
  }

  @Test
  void groupsFireApartAndARedeliveredBatchCountsOnce() throws Exception {
    rule("r2", """
        {"name":"per host","query":{"minSeverity":"ERROR"},
         "condition":{"type":"threshold","count":3,"window":"1m","groupBy":"host"}}""");
    List<LogEvent> batch = new ArrayList<>(events(2, "h1", Severity.ERROR));
    batch.addAll(events(3, "h2", Severity.ERROR));
    evaluator.stored(batch);
    assertEquals(List.of("firing:h2"), states());
    evaluator.stored(batch);
    evaluator.stored(batch.subList(0, 2));
    assertEquals(List.of("firing:h2"), states(), "the same events again count once: h1 stays at 2");
    assertEquals(List.of("h2"), out.get(0).query().path("hosts").findValuesAsText("hosts").isEmpty()
        ? List.of(out.get(0).query().path("hosts").get(0).asText()) : List.of(), "the query narrows to the group");
    evaluator.stored(events(1, "h1", Severity.ERROR));
    assertEquals(List.of("firing:h2", "firing:h1"), states());
  }

  @Test
  void absenceFiresAfterAQuietWindowAndResolvesWhenEventsReturn() throws Exception {
    rule("r3", """
        {"name":"billing silent","query":{"services":["billing"]},
         "condition":{"type":"absence","count":1,"window":"2m"},"cooldown":"0s"}""");
    evaluator.tick();
    assertEquals(List.of(), states(), "not before a whole window has passed");
    clock.advance(Duration.ofSeconds(121));
    evaluator.tick();
    assertEquals(List.of("firing"), states());
    assertEquals(0, out.get(0).count());
    evaluator.stored(events(1, "h1", Severity.INFO));
    assertEquals(List.of("firing", "resolved"), states());
  }

  @Test
  void aRateChangeFiresAgainstItsBaseline() throws Exception {
    rule("r4", """
        {"name":"spike","query":{},
         "condition":{"type":"rateChange","window":"1m","factor":3,"baseline":"10m","count":20}}""");
    for (int m = 0; m < 10; m++) {
      evaluator.stored(events(10, "h1", Severity.INFO));
      clock.advance(Duration.ofMinutes(1));
      evaluator.tick();
    }
    assertEquals(List.of(), states(), "a steady 10 a minute");
    evaluator.stored(events(25, "h1", Severity.INFO));
    assertEquals(List.of(), states(), "25 in the minute: under 3 × 10");
    evaluator.stored(events(10, "h1", Severity.INFO));
    assertEquals(List.of("firing"), states(), "35: over 3 × the baseline's 10 a minute");
  }

  @Test
  void aNewPatternFiresAfterTheRuleHasLearnedTheTemplatesOfItsFirstWindow() throws Exception {
    rule("r5", """
        {"name":"new","query":{},"condition":{"type":"newPattern","window":"1m"},"cooldown":"0s"}""");
    evaluator.stored(List.of(withPattern("p-a", "connected <*>"), withPattern("p-b", "closed <*>")));
    clock.advance(Duration.ofSeconds(61));
    evaluator.stored(List.of(withPattern("p-a", "connected <*>"), withPattern("p-b", "closed <*>")));
    assertEquals(List.of(), states(), "templates of the learning window are known");
    evaluator.stored(List.of(withPattern("p-c", "disk <*> failed")));
    assertEquals(List.of("firing"), states());
    assertTrue(out.get(0).detail().contains("disk <*> failed"), out.get(0).detail());
    clock.advance(Duration.ofSeconds(61));
    evaluator.tick();
    assertEquals(List.of("firing", "resolved"), states());
    evaluator.stored(List.of(withPattern("p-c", "disk <*> failed")));
    assertEquals(2, out.size(), "a template seen before is not new");
  }

  @Test
  void aDeletedOrDisabledRuleStopsAndRecentIdsForgetTheOldest() throws Exception {
    AlertRule r = rule("r6", """
        {"name":"x","query":{},"condition":{"type":"threshold","count":1,"window":"1m"}}""");
    evaluator.changed(new AlertService.Change(ACME, "r6", null, version++));
    evaluator.stored(events(3, "h1", Severity.ERROR));
    assertEquals(List.of(), states());
    assertEquals(List.of(), evaluator.ruleIds(ACME));

    AlertEvaluator.RecentIds ids = new AlertEvaluator.RecentIds(4);
    for (long h = 1; h <= 4; h++) {
      assertTrue(ids.add(h));
    }
    assertFalse(ids.add(3));
    assertTrue(ids.add(5), "a new one; 1 is forgotten");
    assertTrue(ids.add(1), "1 was the oldest");
    assertFalse(ids.add(5));
    assertEquals("x", r.name());
    // Growing from its first size keeps the last ids, in order.
    AlertEvaluator.RecentIds big = new AlertEvaluator.RecentIds(5_000);
    for (long h = 1; h <= 6_000; h++) {
      assertTrue(big.add(h));
    }
    for (long h = 1_001; h <= 6_000; h++) {
      assertFalse(big.add(h), "kept: " + h);
    }
    assertTrue(big.add(1_000), "the oldest 1,000 are forgotten");
  }

  @Test
  void windowsAreFilledFromTheStoreAtStartAndEventsDeliveredAgainAreRecognised() throws Exception {
    io.tributary.testing.ListLogStore store = new io.tributary.testing.ListLogStore();
    List<LogEvent> before = events(4, "h1", Severity.ERROR);
    List<LogEvent> old = new ArrayList<>();
    for (LogEvent e : events(3, "h1", Severity.ERROR)) {
      old.add(new LogEvent(e.id(), e.tenant(), e.kind(), e.timeNanos() - Duration.ofMinutes(5).toNanos(),
          e.ingestedNanos(), e.severity(), null, e.service(), e.host(), e.message(), Map.of(), null, null, null, null));
    }
    store.upsert(before);
    store.upsert(old);
    clock.advance(Duration.ofSeconds(10));
    rule("w1", """
        {"name":"after a restart","query":{"minSeverity":"ERROR"},
         "condition":{"type":"threshold","count":5,"window":"1m"}}""");
    assertEquals(4, evaluator.warmUp(ACME, "w1", store, Duration.ofSeconds(5)), "the window's 4, not the old 3");
    evaluator.stored(before);
    assertEquals(List.of(), states(), "the same 4 delivered again after the crash count once");
    evaluator.stored(events(1, "h1", Severity.ERROR));
    assertEquals(List.of("firing"), states());
    assertEquals(5, out.get(0).count());
  }

  private LogEvent withPattern(String patternId, String template) {
    long now = Timestamps.ofInstant(clock.instant());
    return new LogEvent("e-" + (seq++), ACME, EventKind.TEXT, now, now, Severity.INFO, null, "svc", "h1",
        template.replace("<*>", "x"), Map.of(), null, null, patternId, template);
  }
}
