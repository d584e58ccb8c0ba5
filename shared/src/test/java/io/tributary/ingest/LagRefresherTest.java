package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The refresher reads lags on its own thread, on a schedule, and goes on through failed readings. */
class LagRefresherTest {

  private static final TenantId A = TenantId.of("a");

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < until, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  @Test
  void readsOnItsOwnThreadEveryPeriodAndGoesOnThroughFailures() throws Exception {
    AtomicLong lag = new AtomicLong(5_000);
    AtomicBoolean failing = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    LagGate gate = new LagGate(() -> {
      threads.add(Thread.currentThread().getName());
      reads.incrementAndGet();
      if (failing.get()) {
        throw new IOException("checkpoint listing failed (simulated)");
      }
      return new long[] {lag.get()};
    }, t -> 0, 1_000, LagGate.Unit.FRAMES);
    try (LagRefresher refresher = LagRefresher.start(gate, Duration.ofMillis(20))) {
      await(() -> refresher.refreshes() >= 1, "the first reading, made at once");
      assertEquals(503, gate.refuse(A).status());

      failing.set(true);
      long before = refresher.failures();
      await(() -> refresher.failures() >= before + 3, "several readings failed");
      assertEquals(503, gate.refuse(A).status(), "failed readings keep the last one in force");

      failing.set(false);
      lag.set(0);
      long good = refresher.refreshes();
      await(() -> refresher.refreshes() > good, "a reading succeeded again");
      assertNull(gate.refuse(A), "caught up: open again");
    }
    assertEquals(java.util.Set.of("tributary-lag-refresher"), threads, "readings are made off the request path");
    long after = reads.get();
    Thread.sleep(100);
    assertEquals(after, reads.get(), "closed: no more readings");
  }
}
