package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.TenantId;
import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.IdClaim;
import io.tributary.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClientIdLedger} must do. An adapter's test extends this and opens ledgers over
 * one store that lives as long as the test (so a reopened ledger sees what an earlier one claimed).
 */
public abstract class ClientIdLedgerContract {

  protected static final TenantId ACME = TenantId.of("acme");
  protected static final TenantId GLOBEX = TenantId.of("globex");
  /** The window every ledger of this contract is opened with. */
  protected static final Duration WINDOW = Duration.ofHours(24);

  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

  /** A ledger over this test's store (the same store each call), with {@link #WINDOW} and {@link #clock}. */
  protected abstract ClientIdLedger open() throws Exception;

  private static IdClaim claim(TenantId t, String id, long owner, long content) {
    return new IdClaim(t, id, 7, owner, content);
  }

  @Test
  public void theFirstDeliveryOfAnIdHoldsIt() throws Exception {
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(ClaimOutcome.FIRST, ClaimOutcome.FIRST),
          l.claim(List.of(claim(ACME, "order-1", 1, 11), claim(ACME, "order-2", 2, 22))));
    }
  }

  @Test
  public void theSameDeliveryClaimsAgainSuccessfully() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(claim(ACME, "order-1", 1, 11)));
      assertEquals(List.of(ClaimOutcome.FIRST), l.claim(List.of(claim(ACME, "order-1", 1, 11))));
    }
  }

  @Test
  public void anotherDeliveryWithTheSameContentIsARepeatAndOtherContentAConflict() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(claim(ACME, "order-1", 1, 11)));
      assertEquals(List.of(ClaimOutcome.REPEAT, ClaimOutcome.CONFLICT),
          l.claim(List.of(claim(ACME, "order-1", 2, 11), claim(ACME, "order-1", 3, 99))));
    }
  }

  @Test
  public void withinOneCallTheEarlierClaimWins() throws Exception {
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(ClaimOutcome.FIRST, ClaimOutcome.REPEAT, ClaimOutcome.CONFLICT, ClaimOutcome.FIRST),
          l.claim(List.of(claim(ACME, "x", 1, 5), claim(ACME, "x", 2, 5), claim(ACME, "x", 3, 6),
              claim(ACME, "x", 1, 5))));
    }
  }

  @Test
  public void tenantsDoNotShareIds() throws Exception {
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(ClaimOutcome.FIRST, ClaimOutcome.FIRST),
          l.claim(List.of(claim(ACME, "order-1", 1, 11), claim(GLOBEX, "order-1", 2, 11))));
    }
  }

  @Test
  public void claimsSurviveReopening() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(claim(ACME, "order-1", 1, 11)));
    }
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(ClaimOutcome.REPEAT, ClaimOutcome.FIRST),
          l.claim(List.of(claim(ACME, "order-1", 2, 11), claim(ACME, "order-1", 1, 11))));
    }
  }

  @Test
  public void aClaimIsForgottenAfterTheWindow() throws Exception {
    try (ClientIdLedger l = open()) {
      l.claim(List.of(claim(ACME, "order-1", 1, 11)));
      clock.advance(WINDOW.minusMinutes(1));
      assertEquals(List.of(ClaimOutcome.REPEAT), l.claim(List.of(claim(ACME, "order-1", 2, 11))));
      clock.advance(Duration.ofHours(2));
      assertEquals(List.of(ClaimOutcome.FIRST), l.claim(List.of(claim(ACME, "order-1", 3, 11))));
    }
  }

  @Test
  public void concurrentDeliveriesOfOneIdGiveExactlyOneFirst() throws Exception {
    int threads = 6;
    try (ClientIdLedger l = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int round = 0; round < 20; round++) {
          String id = "race-" + round;
          CountDownLatch go = new CountDownLatch(1);
          List<Future<ClaimOutcome>> outcomes = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            long owner = 100 + t;
            outcomes.add(pool.submit(() -> {
              go.await();
              return l.claim(List.of(claim(ACME, id, owner, 1))).get(0);
            }));
          }
          go.countDown();
          int first = 0;
          for (Future<ClaimOutcome> f : outcomes) {
            first += f.get() == ClaimOutcome.FIRST ? 1 : 0;
          }
          assertEquals(1, first, "round " + round);
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  public void anEmptyClaimListAnswersNothing() throws Exception {
    try (ClientIdLedger l = open()) {
      assertEquals(List.of(), l.claim(List.of()));
    }
  }
}
