package io.tributary.erasure;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.retention.StoredDay;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * A hot store that can remove stored events, one tenant's UTC day (of event time) at a time, for an
 * erasure ({@link ErasureService}), without keeping days for retention as a
 * {@link io.tributary.retention.HotStoreDays} store does (Cosmos DB: TTL drops its items). A
 * {@code HotStoreDays} store (the local block store) is one through {@link #over}. Thread-safe.
 */
public interface ErasableStore {

  /** The days (since the epoch, UTC) of {@code tenant} from {@code fromDay} to {@code toDay} (both included) that hold events, ascending. */
  List<Long> erasableDays(TenantId tenant, long fromDay, long toDay) throws IOException;

  /** Hands every stored copy of {@code tenant}'s events of {@code day} to {@code sink}. */
  void forEachOfDay(TenantId tenant, long day, StoredDay.EventSink sink) throws IOException;

  /**
   * Removes the stored copies of {@code tenant}'s events of {@code day} that {@code erase} accepts,
   * keeping every other event as it was, also one a concurrent writer stores meanwhile. Durable when
   * this returns; idempotent: a second call (an activity run again after a crash) finds nothing more
   * to remove.
   *
   * @return the stored copies removed by this call
   */
  long erase(TenantId tenant, long day, Predicate<LogEvent> erase) throws IOException;

  /**
   * {@code hot}'s days as an erasable store: each block of a day holding events to erase is
   * rewritten without them ({@link StoredDay#rewrite}: the new block durable first, the old one
   * removed after).
   */
  static ErasableStore over(io.tributary.retention.HotStoreDays hot) {
    return new ErasableStore() {
      @Override
      public List<Long> erasableDays(TenantId tenant, long fromDay, long toDay) throws IOException {
        return hot.days(tenant).stream().filter(d -> d >= fromDay && d <= toDay).toList();
      }

      @Override
      public void forEachOfDay(TenantId tenant, long day, StoredDay.EventSink sink) throws IOException {
        hot.day(tenant, day).forEach(sink);
      }

      @Override
      public long erase(TenantId tenant, long day, Predicate<LogEvent> erase) throws IOException {
        return hot.day(tenant, day).rewrite(e -> !erase.test(e));
      }
    };
  }
}
