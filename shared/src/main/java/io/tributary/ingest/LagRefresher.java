package io.tributary.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refreshes a {@link LagGate} on a daemon thread, at once and then every {@code period}, so that
 * a request only reads the gate's last readings and never waits on the event log (whose offsets
 * may cost network calls: Event Hubs reads each partition's properties and lists the checkpoint
 * blobs). A refresh that fails keeps the last readings in force, never refusing everyone because
 * a reading failed, and is logged: the first failure of a run at WARNING, then at most once a
 * minute while it lasts, and its end. Closing stops the thread.
 */
public final class LagRefresher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LagRefresher.class.getName());
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final LagGate gate;
  private final ScheduledExecutorService thread;
  private final AtomicLong refreshes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  /** Failures since the last good refresh; touched only by the refresher's thread. */
  private long failingRun;
  private long loggedAt;

  private LagRefresher(LagGate gate) {
    this.gate = gate;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tributary-lag-refresher");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts refreshing {@code gate} now and then every {@code period}. */
  public static LagRefresher start(LagGate gate, Duration period) {
    LagRefresher r = new LagRefresher(gate);
    r.thread.scheduleWithFixedDelay(r::refreshOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return r;
  }

  /** Refreshes that completed since start. */
  public long refreshes() {
    return refreshes.get();
  }

  /** Refreshes that failed since start (the last readings stayed in force). */
  public long failures() {
    return failures.get();
  }

  private void refreshOnce() {
    try {
      gate.refresh();
      refreshes.incrementAndGet();
      if (failingRun > 0) {
        LOG.info("lag readings are fresh again after " + failingRun + " failed refreshes");
        failingRun = 0;
      }
    } catch (IOException | RuntimeException e) {
      // Caught so the schedule goes on: an escaping exception would cancel it for good.
      failures.incrementAndGet();
      long now = System.nanoTime();
      if (failingRun++ == 0 || now - loggedAt > LOG_EVERY_NANOS) {
        loggedAt = now;
        LOG.log(Level.WARNING, "cannot read the event log's lags (" + failingRun + " failed in a row); backpressure"
            + " goes on from the last readings", e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
