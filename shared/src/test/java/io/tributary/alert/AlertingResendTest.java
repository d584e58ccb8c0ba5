package io.tributary.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.alert.delivery.AlertDispatcher;
import io.tributary.alert.delivery.AlertSink;
import io.tributary.alert.delivery.DeliveryLog;
import io.tributary.alert.delivery.DeliveryOutcome;
import io.tributary.alert.delivery.DeliveryResult;
import io.tributary.alert.delivery.InMemoryDeliveryLog;
import io.tributary.alert.delivery.TargetGuard;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.testing.InMemoryConfigStore;
import io.tributary.testing.TestEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A notification whose delivery had not ended when the process stopped — killed while the
 * receiver took its time, or shut down with a retry pending — is sent again by the next start,
 * with the same delivery id; one that was delivered is not.
 */
class AlertingResendTest {

  private static final TenantId ACME = TenantId.of("acme");
  private final Clock clock = Clock.systemUTC();
  private final InMemoryConfigStore config = new InMemoryConfigStore();
  private final DeliveryLog deliveries = new InMemoryDeliveryLog(1_000);
  private final List<String> receivedIds = new CopyOnWriteArrayList<>();
  private int seq;

  /** A receiver that never answers (the process dies or stops first). */
  private final AlertSink hangs = (target, body, headers, timeout) -> new CompletableFuture<>();
  /** A receiver that answers 200 and keeps the delivery ids. */
  private final AlertSink answers = (target, body, headers, timeout) -> {
    receivedIds.add(headers.get("X-Tributary-Delivery"));
    return CompletableFuture.completedFuture(DeliveryResult.answered(200, null, Duration.ofMillis(1)));
  };

  private Alerting instance(AlertSink sink) throws Exception {
    AlertDispatcher dispatcher = AlertDispatcher.builder(sink, deliveries).guard(new TargetGuard(true))
        .timeout(Duration.ofHours(1)).build();
    AlertService rules = new AlertService(config, clock, t -> 100, new TargetGuard(true));
    return new Alerting(rules, clock, null, dispatcher, deliveries).start(0);
  }

  private List<LogEvent> failures(int n) {
    List<LogEvent> l = new ArrayList<>();
    long now = io.tributary.event.Timestamps.ofInstant(clock.instant());
    for (int i = 0; i < n; i++) {
      l.add(TestEvents.event(ACME, "e-" + (seq++), now, Severity.ERROR, "sshd", "LabSZ",
          "Failed password for invalid user test from 52.80.34.196 port 36060 ssh2", Map.of()));
    }
    return l;
  }

  private String createRule(Alerting a) throws Exception {
    return a.rules().create(ACME, Json.mapper().readTree("""
        {"name":"ssh","query":{"q":"\\"failed password\\""},"condition":{"type":"threshold","count":2,"window":"1m"},
         "notify":[{"type":"webhook","url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef0123"}]}"""),
        "ops").state().id();
  }

  @Test
  void aDeliveryCutShortByACrashIsSentAgainWithItsIdAndOnlyOnce() throws Exception {
    Alerting killed = instance(hangs);
    String rule = createRule(killed);
    killed.evaluator().stored(failures(2));
    String id = killed.history().of(ACME, rule, 10).get(0).path("id").asText();
    // The process dies here: its dispatcher is never closed, nothing more is recorded.

    Alerting next = instance(answers);
    await(() -> receivedIds.size() >= 1);
    assertEquals(List.of(id), receivedIds, "sent again, with the transition's id");
    await(() -> delivered(rule) == 1);
    next.close();

    Alerting third = instance(answers);
    Thread.sleep(300);
    assertEquals(1, receivedIds.size(), "delivered once: not sent again");
    third.close();
  }

  @Test
  void aDeliveryEndedByAShutdownIsSentAgainAtTheNextStart() throws Exception {
    Alerting stopped = instance(hangs);
    String rule = createRule(stopped);
    stopped.evaluator().stored(failures(2));
    stopped.close(); // dead-letters the pending delivery as "shutdown"
    assertTrue(deliveries.attempts(ACME, rule, 10).stream().anyMatch(a -> a.outcome() == DeliveryOutcome.DEAD_LETTER));

    Alerting next = instance(answers);
    await(() -> delivered(rule) == 1);
    assertEquals(1, receivedIds.size());
    next.close();
  }

  private long delivered(String rule) {
    try {
      return deliveries.attempts(ACME, rule, 100).stream().filter(a -> a.outcome() == DeliveryOutcome.DELIVERED)
          .count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }
}
