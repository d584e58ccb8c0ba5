package io.tributary.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.alert.delivery.TargetGuard;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.testing.InMemoryConfigStore;
import io.tributary.testing.MutableClock;
import io.tributary.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the deployed app, each with its own {@link Alerting} over one configuration
 * store and one shared window store: a rule created, changed or deleted through one is applied by
 * the other before it evaluates a block (once the last look is 5 s old) and on its tick.
 */
class AlertingAcrossInstancesTest {

  private static final TenantId ACME = TenantId.of("acme");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final InMemoryConfigStore config = new InMemoryConfigStore();
  private final InMemoryAlertWindowStore windows = new InMemoryAlertWindowStore(System::nanoTime);
  private final List<AlertTransition> out = new ArrayList<>();
  private int seq;

  private Alerting instance() throws Exception {
    AlertService rules = new AlertService(config, clock, t -> 100, new TargetGuard(true));
    return new Alerting(rules, clock, (rule, t) -> out.add(t), null, windows).start(0);
  }

  private List<LogEvent> failures(int n) {
    List<LogEvent> l = new ArrayList<>();
    long now = Timestamps.ofInstant(clock.instant());
    for (int i = 0; i < n; i++) {
      l.add(TestEvents.event(ACME, "e-" + (seq++), now, Severity.ERROR, "sshd", "LabSZ",
          "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=183.62.140.253",
          Map.of()));
    }
    return l;
  }

  @Test
  void aRuleMadeThroughOneInstanceIsEvaluatedByTheOtherAndItsDeletionToo() throws Exception {
    Alerting a = instance();
    Alerting b = instance();
    String id = a.rules().create(ACME, Json.mapper().readTree("""
        {"name":"auth failures","query":{"q":"authentication failure"},
         "condition":{"type":"threshold","count":3,"window":"1m"}}"""), "ops").state().id();
    assertEquals(List.of(id), a.evaluator().ruleIds(ACME), "made here: applied at once");
    b.stored(failures(2));
    assertEquals(List.of(), b.evaluator().ruleIds(ACME), "b looked less than 5 s ago (at start)");
    clock.advance(Duration.ofSeconds(6));
    b.stored(failures(3));
    assertEquals(List.of(id), b.evaluator().ruleIds(ACME));
    assertEquals(1, out.size(), "b counts from when it learned the rule: 3 of 3 fire");
    assertEquals("firing", out.get(0).state().wire());

    a.rules().delete(ACME, id, "ops");
    b.tick();
    assertEquals(List.of(), b.evaluator().ruleIds(ACME), "the tick applies the deletion made through a");
    b.stored(failures(10));
    assertEquals(1, out.size());
  }

  @Test
  void aChangeOlderThanTheLastLookByLessThanTheOverlapIsStillFound() throws Exception {
    Alerting b = instance();
    clock.advance(Duration.ofSeconds(30));
    b.tick();
    // Made by an instance whose clock is 20 s behind: recorded at a time b has already looked past.
    MutableClock behind = new MutableClock(clock.instant().minusSeconds(20));
    String id = new AlertService(config, behind, t -> 100, new TargetGuard(true)).create(ACME,
        Json.mapper().readTree("""
            {"name":"auth failures","query":{"q":"authentication failure"},
             "condition":{"type":"threshold","count":3,"window":"1m"}}"""), "ops").state().id();
    b.tick();
    assertEquals(List.of(id), b.evaluator().ruleIds(ACME));
  }
}
