package io.tributary.replay;

import io.tributary.archive.ArchiveReader;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-drives archived events into the hot store (docs/retention.md, "Replay"): after retention
 * dropped them, or to rebuild a store. An ingest hour at a time, the archive's events that match
 * the query (read as every reader reads the archive: each id once, the first copy written) are
 * looked up by (time, id) in the store, and only those it does not hold are upserted, with their
 * original ingest time, so that a replay of what is there adds nothing, and a second replay of the
 * same range adds nothing either; processing is not involved (no alerts fire for replayed
 * events). Events an erasure removed are in no archive segment, so a replay never brings them
 * back. Thread-safe when the stores are.
 */
public final class ReplayService {

  private static final long HOUR = 3_600L * 1_000_000_000L;
  /** Events per upsert. */
  private static final int BATCH = 1_000;

  private final LogStore store;
  private final ArchiveStore archive;

  public ReplayService(LogStore store, ArchiveStore archive) {
    this.store = store;
    this.archive = archive;
  }


  /**
   * The archive's ingest days of {@code tenant} that may hold events of the query's range, up to
   * {@code nowNanos}: from a day before its start (an event's time is at most a day ahead of its
   * ingest), ascending.
   */
  public List<Long> archiveDays(TenantId tenant, LogQuery q, long nowNanos) throws IOException {
    long fromHour = q.fromNanos() == Long.MIN_VALUE ? 0
        : Math.max(0, Math.floorDiv(q.fromNanos() - Timestamps.NANOS_PER_DAY, HOUR));
    TreeSet<Long> days = new TreeSet<>();
    for (SegmentKey k : archive.list(tenant, fromHour, Math.floorDiv(nowNanos, HOUR))) {
      days.add(Math.floorDiv(k.hour(), 24));
    }
    return List.copyOf(days);
  }

  /** Replays the archive's ingest {@code day} of {@code tenant}: its matches the store lacks are stored. */
  public ReplayedDay replay(TenantId tenant, LogQuery q, long day) throws IOException {
    LogFilter f = LogFilter.ofAllStored(q);
    ArchiveReader reader = new ArchiveReader(archive);
    long read = 0;
    long added = 0;
    for (long hour = day * 24; hour < day * 24 + 24; hour++) {
      List<LogEvent> matched = new ArrayList<>();
      reader.read(tenant, hour, hour, e -> {
        if (f.matches(e)) {
          matched.add(e);
        }
      });
      if (matched.isEmpty()) {
        continue;
      }
      read += matched.size();
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (LogEvent e : matched) {
        min = Math.min(min, e.timeNanos());
        max = Math.max(max, e.timeNanos());
      }
      Set<String> stored = new HashSet<>();
      store.scan(tenant, LogQuery.all(1).withTimeRange(min, max + 1), QueryDeadline.none(),
          e -> stored.add(key(e)));
      List<LogEvent> missing = new ArrayList<>();
      for (LogEvent e : matched) {
        if (stored.add(key(e))) {
          missing.add(e);
        }
      }
      for (int i = 0; i < missing.size(); i += BATCH) {
        store.upsert(missing.subList(i, Math.min(missing.size(), i + BATCH)));
      }
      added += missing.size();
    }
    return new ReplayedDay(read, added);
  }

  private static String key(LogEvent e) {
    return e.timeNanos() + ":" + e.id();
  }
}
