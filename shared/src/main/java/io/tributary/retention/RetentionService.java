package io.tributary.retention;

import io.tributary.archive.ArchiveReader;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.store.LogStore;
import io.tributary.tenancy.Retention;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Applies a tenant's {@link Retention} for one day (docs/retention.md), the work of one archival
 * activity:
 *
 * <ul>
 *   <li><b>Hot store</b> (when it keeps days, {@link HotStoreDays}): retention counts from ingest,
 *       as Cosmos DB's TTL does. A day (of event time) at least {@code hotDays} before today is
 *       dropped whole once every event in it was ingested before the hot days began (a late
 *       arrival — a backfill of old logs — keeps its day hot until it has aged too, since an
 *       export looks for it in the store) and once the archive holds every one of them: each
 *       stored copy is looked up by (time, id) in the archive's segments of the hours the day's
 *       events were ingested. A day the archive lacks events of is kept and reported. A day whose
 *       events were all ingested at least {@code coldDays} before today is past all retention and
 *       dropped as it is. Cosmos DB needs none of this: its items expire by TTL.</li>
 *   <li><b>Archive</b>: segments of ingest days at least {@code coldDays} before today are deleted;
 *       where segments have access tiers ({@link ArchiveTiering}), the rest are moved to the tier
 *       of their age ({@link ArchiveTier#forAge}), each only when it is in another.</li>
 * </ul>
 *
 * Running it again for the same day does nothing more (idempotent), which an activity must be.
 * Thread-safe when its stores are.
 */
public final class RetentionService {

  private static final Logger LOG = Logger.getLogger(RetentionService.class.getName());
  private static final long HOUR = 3_600L * 1_000_000_000L;

  private final LogStore store;
  private final ArchiveStore archive;

  /** @param archive the archive, or null (then no day leaves the hot store before {@code coldDays}) */
  public RetentionService(LogStore store, ArchiveStore archive) {
    this.store = store;
    this.archive = archive;
  }

  /** Applies {@code retention} to {@code tenant}'s data as of the start of {@code today} (UTC). */
  public RetentionReport apply(TenantId tenant, Retention retention, LocalDate today) throws IOException {
    long todayDay = today.toEpochDay();
    long hotCut = todayDay - retention.hotDays();
    long coldCut = todayDay - retention.coldDays();
    // What an export reads from the archive rather than the store: ingested before the hot days began.
    long hotIngestStart = (todayDay - retention.hotDays() + 1) * Timestamps.NANOS_PER_DAY;
    long coldIngestStart = (todayDay - retention.coldDays() + 1) * Timestamps.NANOS_PER_DAY;
    List<String> dropped = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    long eventsDropped = 0;
    long unarchived = 0;
    if (store instanceof HotStoreDays hot) {
      for (long day : hot.days(tenant)) {
        if (day > hotCut) {
          break;
        }
        StoredDay snapshot = hot.day(tenant, day);
        DayContent content = DayContent.of(snapshot);
        if (content.copies() == 0) {
          snapshot.drop();
          continue;
        }
        if (content.maxIngested() >= hotIngestStart) {
          continue; // a late arrival: not due yet
        }
        String iso = LocalDate.ofEpochDay(day).toString();
        long missing = content.maxIngested() < coldIngestStart ? 0 : missing(tenant, content);
        if (missing > 0) {
          kept.add(iso);
          unarchived += missing;
          LOG.warning("retention: " + tenant + "'s day " + iso + " stays in the hot store: the archive lacks "
              + missing + " of its events");
          continue;
        }
        snapshot.drop();
        dropped.add(iso);
        eventsDropped += content.copies();
      }
    }
    int deleted = 0;
    int retiered = 0;
    if (archive != null) {
      long lastColdHour = (coldCut + 1) * 24 - 1;
      for (SegmentKey k : archive.list(tenant, 0, lastColdHour)) {
        if (archive.delete(k)) {
          deleted++;
        }
      }
      if (archive instanceof ArchiveTiering tiering) {
        for (Map.Entry<SegmentKey, ArchiveTier> e : tiering.tiers(tenant, lastColdHour + 1, (todayDay + 1) * 24 - 1)
            .entrySet()) {
          ArchiveTier want = ArchiveTier.forAge(todayDay - Math.floorDiv(e.getKey().hour(), 24), retention);
          if (want != e.getValue() && tiering.setTier(e.getKey(), want)) {
            retiered++;
          }
        }
      }
    }
    return new RetentionReport(tenant.value(), today.toString(), retention.hotDays(), retention.coldDays(), dropped,
        eventsDropped, kept, unarchived, deleted, retiered);
  }

  /** How many of the day's events the archive lacks (by time and id). */
  private long missing(TenantId tenant, DayContent content) throws IOException {
    if (archive == null) {
      return content.keys().size();
    }
    Set<String> wanted = new HashSet<>(content.keys());
    new ArchiveReader(archive).readEveryCopy(tenant, Math.floorDiv(content.minIngested(), HOUR),
        Math.floorDiv(content.maxIngested(), HOUR), e -> wanted.remove(DayContent.key(e.timeNanos(), e.id())));
    return wanted.size();
  }

  /** The (time, id) keys of a day's stored events, how many copies, and the span of their ingest times. */
  record DayContent(Set<String> keys, long copies, long minIngested, long maxIngested) {

    static String key(long timeNanos, String id) {
      return timeNanos + ":" + id;
    }

    static DayContent of(StoredDay day) throws IOException {
      Set<String> keys = new HashSet<>();
      long[] span = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
      day.forEach(e -> {
        keys.add(key(e.timeNanos(), e.id()));
        span[0] = Math.min(span[0], e.ingestedNanos());
        span[1] = Math.max(span[1], e.ingestedNanos());
        span[2]++;
      });
      return new DayContent(keys, span[2], span[0], span[1]);
    }
  }
}
