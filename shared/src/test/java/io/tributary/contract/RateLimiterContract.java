package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.limits.RateDecision;
import io.tributary.limits.RateLimiter;
import io.tributary.limits.TenantLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do, on the real clock with rates low enough that the
 * checks do not depend on how fast the machine is. An adapter's test extends this.
 */
public abstract class RateLimiterContract {

  /** Ten events a second, two seconds of burst; bytes plentiful. */
  protected static final TenantLimits TEN_PER_SECOND = new TenantLimits(10, 1_000_000, 2);

  /** A limiter with empty state for this test (a fresh tenant name is used per test as well). */
  protected abstract RateLimiter limiter() throws Exception;

  protected static TenantId tenant(String name) {
    return TenantId.of(name + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFFL));
  }

  @Test
  public void aFullBucketPassesItsBurstThenRefusesWithARetryAfter() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId t = tenant("burst");
      for (int i = 0; i < 20; i++) {
        RateDecision d = l.take(t, TEN_PER_SECOND, 1, 10);
        assertTrue(d.allowed(), "event " + i);
        assertEquals(20, d.limit());
      }
      RateDecision refused = l.take(t, TEN_PER_SECOND, 1, 10);
      assertFalse(refused.allowed());
      assertTrue(refused.retryAfter().toMillis() > 0 && refused.retryAfter().toMillis() <= 150, refused.toString());
      assertEquals(1, refused.retryAfterSeconds());
      assertEquals(0, refused.remaining());
      assertFalse(l.peek(t, TEN_PER_SECOND).allowed(), "an empty bucket is refused before the body is read");
    }
  }

  @Test
  public void aRefusedTakeTakesNothing() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId t = tenant("whole");
      assertTrue(l.take(t, TEN_PER_SECOND, 15, 10).allowed());
      assertFalse(l.take(t, TEN_PER_SECOND, 10, 10).allowed());
      RateDecision rest = l.take(t, TEN_PER_SECOND, 5, 10);
      assertTrue(rest.allowed(), "the refused request took nothing: " + rest);
    }
  }

  @Test
  public void peekingTakesNothing() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId t = tenant("peek");
      for (int i = 0; i < 50; i++) {
        assertTrue(l.peek(t, TEN_PER_SECOND).allowed());
      }
      assertTrue(l.take(t, TEN_PER_SECOND, 20, 10).allowed());
    }
  }

  @Test
  public void bytesHaveTheirOwnBucket() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId t = tenant("bytes");
      TenantLimits bytesBound = new TenantLimits(1_000_000, 1000, 1);
      assertTrue(l.take(t, bytesBound, 1, 900).allowed());
      assertFalse(l.take(t, bytesBound, 1, 200).allowed());
      assertTrue(l.take(t, bytesBound, 1, 100).allowed());
    }
  }

  @Test
  public void theBucketRefillsAtTheSustainedRate() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId t = tenant("refill");
      assertTrue(l.take(t, TEN_PER_SECOND, 20, 10).allowed());
      assertFalse(l.take(t, TEN_PER_SECOND, 1, 1).allowed());
      Thread.sleep(350);
      assertTrue(l.take(t, TEN_PER_SECOND, 3, 1).allowed());
      assertFalse(l.take(t, TEN_PER_SECOND, 3, 1).allowed());
    }
  }

  @Test
  public void tenantsHaveTheirOwnBuckets() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId a = tenant("a");
      TenantId b = tenant("b");
      assertTrue(l.take(a, TEN_PER_SECOND, 20, 10).allowed());
      assertFalse(l.take(a, TEN_PER_SECOND, 1, 10).allowed());
      assertTrue(l.take(b, TEN_PER_SECOND, 20, 10).allowed());
    }
  }

  @Test
  public void aRequestLargerThanTheBurstPassesOnAFullBucketAndLeavesItInDebt() throws Exception {
    try (RateLimiter l = limiter()) {
      TenantId t = tenant("debt");
      assertTrue(l.take(t, TEN_PER_SECOND, 25, 10).allowed(), "never refused for ever");
      RateDecision after = l.take(t, TEN_PER_SECOND, 1, 1);
      assertFalse(after.allowed());
      assertTrue(after.retryAfter().toMillis() >= 500, "the debt of 5 events is paid first: " + after);
    }
  }

  @Test
  public void concurrentCallersTogetherStayWithinTheLimit() throws Exception {
    TenantLimits limits = new TenantLimits(100, 100_000_000, 1);
    TenantId t = tenant("shared");
    int callers = 4;
    long runNanos = 1_500_000_000L;
    List<RateLimiter> limiters = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      limiters.add(limiter(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> counts = new ArrayList<>();
      for (RateLimiter l : limiters) {
        counts.add(pool.submit(() -> {
          int accepted = 0;
          while (System.nanoTime() - start < runNanos) {
            if (l.take(t, limits, 1, 10).allowed()) {
              accepted++;
            }
          }
          return accepted;
        }));
      }
      int total = 0;
      for (Future<Integer> f : counts) {
        total += f.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double expected = limits.eventBurst() + elapsed * limits.eventsPerSecond();
      assertTrue(Math.abs(total - expected) <= expected * 0.10,
          "accepted " + total + " in " + elapsed + " s; the limit allows " + expected);
    } finally {
      pool.shutdown();
      for (RateLimiter l : limiters) {
        l.close();
      }
    }
  }

  /**
   * The {@code i}-th of several limiters that share state, as instances of one app do; an
   * in-process adapter returns the same limiter each time.
   */
  protected abstract RateLimiter limiter(int i) throws Exception;
}
