package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.alert.delivery.DeliveryAttempt;
import io.tributary.alert.delivery.DeliveryLog;
import io.tributary.alert.delivery.DeliveryOutcome;
import io.tributary.event.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeliveryLog} must do. An adapter's test extends this; {@link #open} gives a
 * log over this test's backing state, the same each call, so a reopened log sees what an earlier
 * one recorded.
 */
public abstract class DeliveryLogContract {

  protected static final TenantId ACME = TenantId.of("acme");
  protected static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  /** A log keeping at least the newest {@code keepPerRule} attempts of each rule. */
  protected abstract DeliveryLog open(int keepPerRule) throws Exception;

  protected static DeliveryAttempt attempt(TenantId t, String rule, String delivery, int n, DeliveryOutcome o) {
    boolean retrying = o == DeliveryOutcome.RETRYING;
    return new DeliveryAttempt(t, rule, delivery, "https://hooks.example.com/" + rule, n, T0.plusSeconds(n), o,
        retrying ? 503 : 200, null, null, 12 + n, retrying ? T0.plusSeconds(n + 1) : null);
  }

  @Test
  public void readsARulesAttemptsBackNewestFirstWithEveryField() throws Exception {
    try (DeliveryLog log = open(100)) {
      DeliveryAttempt failed = new DeliveryAttempt(ACME, "r1", "d1", "https://hooks.example.com/r1", 1, T0,
          DeliveryOutcome.RETRYING, 0, "timeout", "HttpTimeoutException: request timed out", 10_000,
          T0.plusMillis(10_750));
      DeliveryAttempt ok = attempt(ACME, "r1", "d1", 2, DeliveryOutcome.DELIVERED);
      log.record(failed);
      log.record(ok);
      assertEquals(List.of(ok, failed), log.attempts(ACME, "r1", 10));
      assertEquals(List.of(ok), log.attempts(ACME, "r1", 1));
      assertEquals(List.of(), log.attempts(ACME, "r2", 10));
      assertEquals(List.of(), log.attempts(GLOBEX, "r1", 10));
    }
  }

  @Test
  public void keepsTenantsAndRulesApart() throws Exception {
    try (DeliveryLog log = open(100)) {
      log.record(attempt(ACME, "r1", "d1", 1, DeliveryOutcome.DELIVERED));
      log.record(attempt(ACME, "r2", "d2", 1, DeliveryOutcome.DELIVERED));
      log.record(attempt(GLOBEX, "r1", "d3", 1, DeliveryOutcome.DEAD_LETTER));
      assertEquals(List.of("d1"), ids(log.attempts(ACME, "r1", 10)));
      assertEquals(List.of("d2"), ids(log.attempts(ACME, "r2", 10)));
      assertEquals(List.of("d3"), ids(log.attempts(GLOBEX, "r1", 10)));
      assertEquals(List.of(), log.deadLetters(ACME, 10));
      assertEquals(List.of("d3"), ids(log.deadLetters(GLOBEX, 10)));
    }
  }

  @Test
  public void deadLettersOfEveryRuleNewestFirst() throws Exception {
    try (DeliveryLog log = open(100)) {
      log.record(attempt(ACME, "r1", "d1", 1, DeliveryOutcome.RETRYING));
      log.record(attempt(ACME, "r1", "d1", 2, DeliveryOutcome.DEAD_LETTER));
      log.record(attempt(ACME, "r2", "d2", 1, DeliveryOutcome.DELIVERED));
      log.record(new DeliveryAttempt(ACME, "r3", "d3", "https://hooks.example.com/r3", 0, T0,
          DeliveryOutcome.DEAD_LETTER, 0, "overflow", "tenant acme has 1000 deliveries in flight or waiting", 0,
          null));
      assertEquals(List.of("d3", "d1"), ids(log.deadLetters(ACME, 10)));
      assertEquals(List.of("d3"), ids(log.deadLetters(ACME, 1)));
      assertEquals("overflow", log.deadLetters(ACME, 1).get(0).failure());
    }
  }

  @Test
  public void keepsTheNewestAttemptsOfEachRule() throws Exception {
    try (DeliveryLog log = open(5)) {
      for (int i = 1; i <= 12; i++) {
        log.record(attempt(ACME, "busy", "d" + i, 1, DeliveryOutcome.DELIVERED));
      }
      log.record(attempt(ACME, "quiet", "q1", 1, DeliveryOutcome.DELIVERED));
      assertEquals(List.of("d12", "d11", "d10", "d9", "d8"), ids(log.attempts(ACME, "busy", 100)));
      assertEquals(List.of("q1"), ids(log.attempts(ACME, "quiet", 100)));
    }
  }

  @Test
  public void aReopenedLogSeesWhatAnEarlierOneRecorded() throws Exception {
    try (DeliveryLog log = open(100)) {
      log.record(attempt(ACME, "r1", "d1", 1, DeliveryOutcome.DEAD_LETTER));
    }
    try (DeliveryLog log = open(100)) {
      assertEquals(List.of("d1"), ids(log.attempts(ACME, "r1", 10)));
      assertEquals(List.of("d1"), ids(log.deadLetters(ACME, 10)));
      log.record(attempt(ACME, "r1", "d2", 1, DeliveryOutcome.DELIVERED));
      assertEquals(List.of("d2", "d1"), ids(log.attempts(ACME, "r1", 10)));
    }
  }

  @Test
  public void concurrentRecordsAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (DeliveryLog log = open(1_000)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        TenantId t = w % 2 == 0 ? ACME : GLOBEX;
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            log.record(attempt(t, "r", "w" + writer + "-" + i, 1, DeliveryOutcome.DELIVERED));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      assertEquals(100, log.attempts(ACME, "r", 1_000).size());
      assertEquals(100, log.attempts(GLOBEX, "r", 1_000).size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> ids(List<DeliveryAttempt> attempts) {
    return attempts.stream().map(DeliveryAttempt::deliveryId).toList();
  }
}
