package io.tributary.archive;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Compacts the archive's recent hours, tenant by tenant: each hour of the last
 * {@link #LOOKBACK_HOURS} that has ended and holds more than one segment is merged by an
 * {@link ArchiveCompactor}. The local runtime runs it every minute; the Azure app every hour
 * ({@code ArchiveCompaction} timer function). Safe to run again or after a crash, as the compactor
 * is (a merged segment covers its sources, which readers then skip and the next run deletes), and
 * bounded by a deadline, so that one call never outlives its host's timeout: what it did not reach
 * the next call does.
 */
public final class ArchiveCompaction {

  /** How far back hours are looked at: an hour late segments still arrive in is compacted again. */
  public static final long LOOKBACK_HOURS = 48;

  /**
   * What one call did: the hours it merged, the events in them, and whether it looked at every
   * hour of every tenant before its deadline.
   */
  public record Result(int hoursMerged, long events, boolean complete) {
  }

  private final ArchiveStore archive;
  private final ArchiveCompactor compactor;

  public ArchiveCompaction(ArchiveStore archive) {
    this(archive, new ArchiveCompactor(archive));
  }

  /** @param compactor the compactor to merge with (over {@code archive}, or a wrapper of it) */
  public ArchiveCompaction(ArchiveStore archive, ArchiveCompactor compactor) {
    this.archive = archive;
    this.compactor = compactor;
  }

  /**
   * Compacts {@code tenants}' hours from {@code nowHour - LOOKBACK_HOURS} to the last that ended
   * ({@code includeCurrent}: {@code nowHour} too, as if it had ended — for measurements and the
   * command line), stopping between two hours once {@code timeUp} says so.
   */
  public Result compactEndedHours(Iterable<TenantId> tenants, long nowHour, boolean includeCurrent,
      BooleanSupplier timeUp) throws IOException {
    long last = includeCurrent ? nowHour : nowHour - 1;
    int merged = 0;
    long events = 0;
    for (TenantId t : tenants) {
      for (long hour = nowHour - LOOKBACK_HOURS; hour <= last; hour++) {
        if (timeUp.getAsBoolean()) {
          return new Result(merged, events, false);
        }
        if (archive.list(t, hour, hour).size() > 1) {
          ArchiveCompactor.Result r = compactor.compact(t, hour);
          merged += r.segmentsMerged() > 0 ? 1 : 0;
          events += r.events();
        }
      }
    }
    return new Result(merged, events, true);
  }
}
