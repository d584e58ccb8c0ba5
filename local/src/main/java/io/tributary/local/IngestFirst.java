package io.tributary.local;

import io.tributary.config.IngestFirstSettings;
import io.tributary.local.host.BatchPacing;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.IntToLongFunction;

/**
 * Ingest first under saturation (issue 19, item 2): when one process both ingests and processes
 * on a few cores, and more ingest requests are being served than the cores can serve at speed, each
 * processing reader waits a bounded while before its next batch, so that the cores go to the
 * requests and their 202s rather than to processing that can happen a little later. The journal
 * is durable (it plays Event Hubs locally), so waiting loses nothing: what ingest accepted stays
 * there until processing takes it, and the backlog is drained when the burst ends. A user sees
 * later freshness during a burst, but no 503s and no slower 202s.
 *
 * <p>Never starves processing: a reader waits at most {@link IngestFirstSettings#maxPause()} before each
 * batch (so every partition keeps processing, a batch per pause at least), never while its
 * partition is {@link IngestFirstSettings#maxLagBytes()} or more behind (then it processes flat out, as without
 * this), and not at all below saturation, where freshness is as it was.
 */
final class IngestFirst implements BatchPacing {

  /** How often a waiting reader looks again. */
  static final long STEP_NANOS = 5_000_000L;

  /** How a reader waits; a test's clock in tests. */
  interface Sleeper {
    Sleeper REAL = new Sleeper() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
      }
    };

    long nanoTime();

    void sleep(long nanos) throws InterruptedException;
  }

  private final IngestFirstSettings policy;
  /** Requests in flight from which ingest counts as saturated. */
  private final int saturatedAt;
  /**
   * Requests in flight under which a waiting reader resumes: half of {@link #saturatedAt}. The count
   * dips for a moment between one request's 202 and the next; without this margin the dips ended
   * most waits early (measured: waits of 0.4 s on average with a 1 s or a 2 s pause).
   */
  private final int stillSaturatedAt;
  private final IntSupplier busyRequests;
  private final IntToLongFunction lagBytes;
  private final Sleeper sleeper;
  private final LongAdder pauses = new LongAdder();
  /** Readings of the busy requests with something to process, and their sum and largest. */
  private final LongAdder readings = new LongAdder();
  private final LongAdder busySum = new LongAdder();
  private final java.util.concurrent.atomic.AtomicInteger busyMax = new java.util.concurrent.atomic.AtomicInteger();
  private final LongAdder pausedNanos = new LongAdder();

  /**
   * @param cores the cores ingest and processing share
   * @param busyRequests HTTP requests being served or waiting for a worker, now
   * @param lagBytes how far processing is behind on a partition, in journal bytes
   */
  IngestFirst(IngestFirstSettings policy, int cores, IntSupplier busyRequests, IntToLongFunction lagBytes,
      Sleeper sleeper) {
    this.policy = policy;
    this.saturatedAt = policy.busyRequestsOn(cores);
    this.stillSaturatedAt = Math.max(1, saturatedAt / 2);
    this.busyRequests = busyRequests;
    this.lagBytes = lagBytes;
    this.sleeper = sleeper;
  }

  /**
   * Waits when ingest is saturated and the partition is not too far behind, for {@code maxPause} at
   * most, and resumes early once the requests in flight fall under half the saturation threshold.
   */
  @Override
  public void beforePoll(int partition) throws InterruptedException {
    if (!policy.on() || !mayWait(partition, saturatedAt)) {
      return;
    }
    long start = sleeper.nanoTime();
    long until = start + policy.maxPause().toNanos();
    long now = start;
    do {
      sleeper.sleep(Math.min(STEP_NANOS, until - now));
      now = sleeper.nanoTime();
    } while (now < until && mayWait(partition, stillSaturatedAt));
    pauses.increment();
    pausedNanos.add(now - start);
  }

  /**
   * Whether the reader of {@code partition} may wait: something to process, under the lag bound,
   * and at least {@code busyAtLeast} requests in flight.
   */
  private boolean mayWait(int partition, int busyAtLeast) {
    long lag = lagBytes.applyAsLong(partition);
    if (lag <= 0) {
      return false;
    }
    int busy = busyRequests.getAsInt();
    readings.increment();
    busySum.add(busy);
    busyMax.accumulateAndGet(busy, Math::max);
    return lag < policy.maxLagBytes() && busy >= busyAtLeast;
  }

  /** What it saw and did, for the log: waits, time waited, the busy requests it read (mean, largest). */
  String summary() {
    long n = readings.sum();
    return pauses.sum() + " waits, " + paused().toMillis() + " ms in all; busy requests " + (n == 0 ? "never read"
        : String.format(java.util.Locale.ROOT, "%.1f on average, %d at most, over %d readings (saturated from %d)",
            (double) busySum.sum() / n, busyMax.get(), n, saturatedAt));
  }

  /** How many times a reader waited. */
  long pauses() {
    return pauses.sum();
  }

  /** How long readers waited in all, summed over readers. */
  Duration paused() {
    return Duration.ofNanos(pausedNanos.sum());
  }
}
