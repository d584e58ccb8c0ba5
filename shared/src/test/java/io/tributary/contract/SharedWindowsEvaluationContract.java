package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.alert.AlertEvaluator;
import io.tributary.alert.AlertRule;
import io.tributary.alert.AlertRuleDocument;
import io.tributary.alert.AlertService;
import io.tributary.alert.AlertTransition;
import io.tributary.alert.AlertWindowStore;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.testing.MutableClock;
import io.tributary.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two evaluators (two instances, each holding change-feed leases of part of a tenant's partitions)
 * share one {@link AlertWindowStore}: a condition holds on what both counted, each transition is
 * made once, and a batch delivered to the other instance is not counted twice. Every
 * {@link AlertWindowStore} passes it.
 */
public abstract class SharedWindowsEvaluationContract {

  private final TenantId acme = TenantId.of("acme-" + java.util.UUID.randomUUID().toString().substring(0, 8));
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final List<AlertTransition> out = new ArrayList<>();
  private AlertWindowStore store;
  private AlertEvaluator a;
  private AlertEvaluator b;
  private int seq;

  /** The store both evaluators share (a new one, or one whose state other tests' tenants do not meet). */
  protected abstract AlertWindowStore store();

  @BeforeEach
  void twoInstances() {
    store = store();
    a = new AlertEvaluator(clock, (rule, t) -> out.add(t), store);
    b = new AlertEvaluator(clock, (rule, t) -> out.add(t), store);
  }

  private void rule(String id, long version, String doc) throws Exception {
    AlertRule r = AlertRuleDocument.fromJson(id, Json.mapper().readTree(doc));
    a.changed(new AlertService.Change(acme, id, r, version));
    b.changed(new AlertService.Change(acme, id, r, version));
  }

  private List<LogEvent> errors(int n, String host) {
    List<LogEvent> l = new ArrayList<>();
    long now = Timestamps.ofInstant(clock.instant());
    for (int i = 0; i < n; i++) {
      l.add(TestEvents.event(acme, "e-" + (seq++), now, Severity.ERROR, "sshd", host,
          "Failed password for invalid user admin from 187.141.143.180 port " + (40000 + seq) + " ssh2", Map.of()));
    }
    return l;
  }

  private List<String> states() {
    return out.stream().map(t -> t.state().wire() + (t.group() == null ? "" : ":" + t.group())).toList();
  }

  @Test
  public void aThresholdHoldsOnWhatBothInstancesCountedAndFiresAndResolvesOnce() throws Exception {
    rule("t1", 1, """
        {"name":"failed logins","query":{"q":"Failed password"},
         "condition":{"type":"threshold","count":5,"window":"1m","groupBy":"host"}}""");
    a.stored(errors(3, "LabSZ"));
    b.stored(errors(1, "LabSZ"));
    assertEquals(List.of(), states(), "4 of 5, counted by two instances");
    b.stored(errors(1, "LabSZ"));
    assertEquals(List.of("firing:LabSZ"), states());
    assertEquals(5, out.get(0).count(), "the count is both instances'");
    a.stored(errors(2, "LabSZ"));
    a.tick();
    b.tick();
    assertEquals(List.of("firing:LabSZ"), states(), "the other instance knows it is firing");
    clock.advance(Duration.ofSeconds(61));
    a.tick();
    b.tick();
    a.tick();
    assertEquals(List.of("firing:LabSZ", "resolved:LabSZ"), states(), "resolved once, by one of them");
  }

  @Test
  public void aBatchDeliveredAgainToTheOtherInstanceIsNotCountedTwice() throws Exception {
    rule("t2", 1, """
        {"name":"failed logins","query":{"q":"Failed password"},
         "condition":{"type":"threshold","count":6,"window":"1m"}}""");
    List<LogEvent> batch = errors(4, "LabSZ");
    a.stored(batch);
    b.stored(batch); // a's lease moved to b before a checkpointed
    a.stored(batch); // and a retried too
    assertEquals(List.of(), states(), "the same 4 events count once");
    b.stored(errors(2, "LabSZ"));
    assertEquals(List.of("firing"), states());
    assertEquals(6, out.get(0).count());
  }

  @Test
  public void aTemplateIsNewOnlyIfNoInstanceMetItAndTheFiringLastsItsWindowOnBoth() throws Exception {
    rule("n1", 1, """
        {"name":"new","query":{},"condition":{"type":"newPattern","window":"1m"},"cooldown":"0s"}""");
    a.stored(List.of(withPattern("p-a", "Accepted password for <*> from <*> port <*> ssh2")));
    clock.advance(Duration.ofSeconds(61));
    b.stored(List.of(withPattern("p-a", "Accepted password for <*> from <*> port <*> ssh2")));
    assertEquals(List.of(), states(), "a met it in the learning window: not new to b");
    b.stored(List.of(withPattern("p-c", "error: Received disconnect from <*>: <*>: Bye Bye [preauth]")));
    assertEquals(List.of("firing"), states());
    clock.advance(Duration.ofSeconds(30));
    a.tick();
    b.tick();
    assertEquals(List.of("firing"), states(), "a knows it fired 30 s ago: it still holds");
    clock.advance(Duration.ofSeconds(31));
    a.tick();
    b.tick();
    assertEquals(List.of("firing", "resolved"), states());
  }

  @Test
  public void aChangeLearnedTwiceOrLateAppliesOnceAndAChangedRuleStartsEmpty() throws Exception {
    String doc = """
        {"name":"failed logins","query":{"q":"Failed password"},
         "condition":{"type":"threshold","count":3,"window":"1m"}}""";
    rule("v1", 1, doc);
    a.stored(errors(2, "LabSZ"));
    rule("v1", 1, doc); // the same change read back from the store
    a.stored(errors(1, "LabSZ"));
    assertEquals(List.of("firing"), states(), "the windows were kept: the change was applied once");
    rule("v1", 2, doc.replace("\"count\":3", "\"count\":2"));
    b.stored(errors(1, "LabSZ"));
    assertEquals(List.of("firing"), states(), "version 2 counts afresh: 1 of 2");
    AlertRule stale = AlertRuleDocument.fromJson("v1", Json.mapper().readTree(doc));
    b.changed(new AlertService.Change(acme, "v1", stale, 1));
    b.changed(new AlertService.Change(acme, "v1", null, 3));
    b.changed(new AlertService.Change(acme, "v1", stale, 2));
    assertEquals(List.of(), b.ruleIds(acme), "deleted at 3; the older versions learned late do not bring it back");
  }

  @Test
  public void whenTheStoreFailsTheBatchThrowsAndIsCountedWhenDeliveredAgain() throws Exception {
    FailingOnce failing = new FailingOnce(store);
    AlertEvaluator c = new AlertEvaluator(clock, (rule, t) -> out.add(t), failing);
    AlertRule r = AlertRuleDocument.fromJson("f1", Json.mapper().readTree("""
        {"name":"failed logins","query":{"q":"Failed password"},
         "condition":{"type":"threshold","count":3,"window":"1m"}}"""));
    c.changed(new AlertService.Change(acme, "f1", r, 1));
    List<LogEvent> batch = errors(3, "LabSZ");
    assertThrows(UncheckedIOException.class, () -> c.stored(batch));
    assertEquals(List.of(), states());
    c.stored(batch);
    assertEquals(List.of("firing"), states(), "the retry counts the batch, once");
    assertEquals(3, out.get(0).count());
  }

  private LogEvent withPattern(String patternId, String template) {
    long now = Timestamps.ofInstant(clock.instant());
    return new LogEvent("e-" + (seq++), acme, EventKind.TEXT, now, now, Severity.INFO, null, "sshd", "LabSZ",
        template.replace("<*>", "x"), Map.of(), null, null, patternId, template);
  }

  /** A store whose first add fails as a lost connection would. */
  private static final class FailingOnce implements AlertWindowStore {
    private final AlertWindowStore inner;
    private boolean failed;

    FailingOnce(AlertWindowStore inner) {
      this.inner = inner;
    }

    @Override
    public Added add(TenantId tenant, String batch, List<RuleCounts> rules, Duration keep) throws IOException {
      if (!failed) {
        failed = true;
        throw new IOException("connection reset");
      }
      return inner.add(tenant, batch, rules, keep);
    }

    @Override
    public List<GroupWindow> groups(TenantId tenant, String ruleKey, boolean dropQuiet) throws IOException {
      return inner.groups(tenant, ruleKey, dropQuiet);
    }

    @Override
    public Claim claim(TenantId tenant, String ruleKey, String group, boolean firing, long nowNanos,
        long cooldownNanos) throws IOException {
      return inner.claim(tenant, ruleKey, group, firing, nowNanos, cooldownNanos);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
