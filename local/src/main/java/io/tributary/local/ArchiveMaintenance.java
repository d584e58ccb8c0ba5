package io.tributary.local;

import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.local.archive.DirectoryArchiveStore;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Compacts the local archive in the background: every minute, each tenant's segments of the
 * hours that have ended (within the last two days) are merged into large segments. In Azure the
 * archival orchestrator does the same with the same {@link ArchiveCompactor}.
 */
final class ArchiveMaintenance implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ArchiveMaintenance.class.getName());
  private static final long LOOKBACK_HOURS = 48;

  private final DirectoryArchiveStore archive;
  private final ArchiveCompactor compactor;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "archive-compaction");
    t.setDaemon(true);
    return t;
  });

  ArchiveMaintenance(DirectoryArchiveStore archive, Clock clock) {
    this.archive = archive;
    this.compactor = new ArchiveCompactor(archive);
    this.clock = clock;
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  void start() {
    timer.scheduleWithFixedDelay(() -> {
      try {
        compactEndedHours(false);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "archive compaction failed; it will be tried again", e);
      }
    }, 1, 1, TimeUnit.MINUTES);
  }

  /**
   * Compacts every tenant's ended hours of the last two days ({@code includeCurrent}: the current
   * hour too, as if it had ended — for measurements and the command line).
   */
  long compactEndedHours(boolean includeCurrent) throws IOException {
    long now = clock.instant().getEpochSecond() / 3600;
    long last = includeCurrent ? now : now - 1;
    long events = 0;
    for (TenantId t : archive.tenants()) {
      for (long hour = now - LOOKBACK_HOURS; hour <= last; hour++) {
        if (archive.list(t, hour, hour).size() > 1) {
          events += compactor.compact(t, hour).events();
        }
      }
    }
    return events;
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
}
