package io.tributary.local;

import io.tributary.archive.ArchiveCompaction;
import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.local.archive.DirectoryArchiveStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Compacts the local archive in the background: every minute, each tenant's segments of the
 * hours that have ended (within the last two days) are merged into large segments
 * ({@link ArchiveCompaction}). In Azure the {@code ArchiveCompaction} timer function does the same
 * every hour. A round that fails,
 * with any {@link Throwable}, is logged and the next round runs as planned.
 *
 * <p>For the crash test only, system properties make it run often and slowly:
 * {@code tributary.test.archive.compactEveryMillis} (the period),
 * {@code tributary.test.archive.includeCurrentHour} (compact the hour in progress too) and
 * {@code tributary.test.archive.pauseMillis} (log "archive compaction in progress" and wait that
 * long between writing a merged segment and deleting its sources).
 */
final class ArchiveMaintenance implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ArchiveMaintenance.class.getName());

  private final DirectoryArchiveStore archive;
  private final ArchiveCompactor compactor;
  private final ArchiveCompaction compaction;
  private final Clock clock;
  private final Duration every;
  private final boolean includeCurrentHour;
  /** Runs at the start of every scheduled round (tests inject failures here). */
  volatile Runnable beforeRound = () -> { };
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "archive-compaction");
    t.setDaemon(true);
    return t;
  });

  ArchiveMaintenance(DirectoryArchiveStore archive, Clock clock) {
    this(archive, clock, Duration.ofMillis(Long.getLong("tributary.test.archive.compactEveryMillis", 60_000)),
        Boolean.getBoolean("tributary.test.archive.includeCurrentHour"),
        Long.getLong("tributary.test.archive.pauseMillis", 0));
  }

  ArchiveMaintenance(DirectoryArchiveStore archive, Clock clock, Duration every, boolean includeCurrentHour,
      long pauseMillis) {
    this.archive = archive;
    this.compactor = new ArchiveCompactor(pauseMillis > 0 ? new Pausing(archive, pauseMillis) : archive);
    this.compaction = new ArchiveCompaction(archive, compactor);
    this.clock = clock;
    this.every = every;
    this.includeCurrentHour = includeCurrentHour;
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  void start() {
    timer.scheduleWithFixedDelay(this::round, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One scheduled round. Nothing may escape it: a throw would cancel the schedule for good. */
  private void round() {
    try {
      beforeRound.run();
      compactEndedHours(includeCurrentHour);
    } catch (Throwable e) {
      LOG.log(Level.SEVERE, "archive compaction failed; it will be tried again", e);
    }
  }

  /**
   * Compacts every tenant's ended hours of the last two days ({@code includeCurrent}: the current
   * hour too, as if it had ended — for measurements and the command line).
   */
  long compactEndedHours(boolean includeCurrent) throws IOException {
    long now = clock.instant().getEpochSecond() / 3600;
    return compaction.compactEndedHours(archive.tenants(), now, includeCurrent, () -> false).events();
  }

  /** Compacts every hour of every tenant, whatever its age (the command line's archive compact). */
  long compactAll() throws IOException {
    long events = 0;
    for (TenantId t : archive.tenants()) {
      java.util.Set<Long> hours = new java.util.TreeSet<>();
      for (SegmentKey k : archive.list(t, 0, Long.MAX_VALUE / 4)) {
        hours.add(k.hour());
      }
      for (long hour : hours) {
        events += compactor.compact(t, hour).events();
      }
    }
    return events;
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(60, TimeUnit.SECONDS);
  }

  /** Test-only: waits after each merged segment is written, before its sources are deleted. */
  private static final class Pausing implements ArchiveStore {
    private final ArchiveStore inner;
    private final long millis;

    Pausing(ArchiveStore inner, long millis) {
      this.inner = inner;
      this.millis = millis;
    }

    @Override
    public boolean append(SegmentKey key, byte[] content) throws IOException {
      return inner.append(key, content);
    }

    @Override
    public boolean append(SegmentKey key, Content content) throws IOException {
      boolean written = inner.append(key, content);
      LOG.info("archive compaction in progress: " + key.name() + " written, its sources not yet deleted");
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return written;
    }

    @Override
    public List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) throws IOException {
      return inner.list(tenant, fromHour, toHour);
    }

    @Override
    public boolean delete(SegmentKey key) throws IOException {
      return inner.delete(key);
    }

    @Override
    public Optional<byte[]> get(SegmentKey key) throws IOException {
      return inner.get(key);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
