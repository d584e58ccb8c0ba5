package io.tributary.erasure;

import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.retention.HotStoreDays;
import io.tributary.retention.StoredDay;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes a tenant's events that match a query from the hot store and the archive
 * (docs/retention.md, "Erasure"), a day at a time, each step idempotent (an activity may run twice):
 *
 * <ul>
 *   <li><b>Store</b> ({@link HotStoreDays}: the local block store): each block of a day holding
 *       matches is rewritten without them ({@link StoredDay#rewrite}: the new block durable first,
 *       the old one removed after; a crash in between leaves the new one in force). A store that
 *       erases by itself ({@link ErasableStore}: Cosmos DB) is asked to, a day at a time.</li>
 *   <li><b>Archive</b>: each segment holding matches is written again without them as its
 *       {@link SegmentKey#nextRevision()}, which hides it from every reader as soon as it is
 *       written, and is then deleted; a segment of matches only is deleted. A revision or merged
 *       segment that hides others makes them leftovers, deleted on the way. A compaction running
 *       meanwhile may merge a segment before its rewrite: each day is gone over again until a pass
 *       finds nothing.</li>
 * </ul>
 *
 * Events are matched by {@link LogFilter} over the query's range and {@code q}, as queries and
 * exports match them. Thread-safe when the stores are.
 */
public final class ErasureService {

  private static final long HOUR = 3_600L * 1_000_000_000L;
  /** Passes over one archive day at most; a second finds nothing unless a compaction raced the first. */
  private static final int MAX_PASSES = 5;

  /** The store's erasing side (its own, or its {@link HotStoreDays} as one); null when it cannot erase. */
  private final ErasableStore erasable;
  private final ArchiveStore archive;

  /** @param archive the archive, or null */
  public ErasureService(LogStore store, ArchiveStore archive) {
    this.erasable = store instanceof ErasableStore e ? e
        : store instanceof HotStoreDays hot ? ErasableStore.over(hot) : null;
    this.archive = archive;
  }

  /**
   * True when the store can have events removed: the local block store ({@link HotStoreDays}) and
   * Cosmos DB ({@link ErasableStore}); not Lucene.
   */
  public boolean supported() {
    return erasable != null;
  }

  /** The store's days of {@code tenant} within the query's range that hold events, ascending. */
  public List<Long> storeDays(TenantId tenant, LogQuery q) throws IOException {
    long from = q.fromNanos() == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(q.fromNanos(), Timestamps.NANOS_PER_DAY);
    long to = q.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(q.toNanos() - 1, Timestamps.NANOS_PER_DAY);
    return erasable == null ? List.of() : erasable.erasableDays(tenant, from, to);
  }

  /**
   * The archive's ingest days of {@code tenant} that may hold events of the query's range, up to
   * {@code nowNanos}: from a day before its start (an event's time is at most a day ahead of its
   * ingest), ascending.
   */
  public List<Long> archiveDays(TenantId tenant, LogQuery q, long nowNanos) throws IOException {
    if (archive == null) {
      return List.of();
    }
    long fromHour = q.fromNanos() == Long.MIN_VALUE ? 0
        : Math.max(0, Math.floorDiv(q.fromNanos() - Timestamps.NANOS_PER_DAY, HOUR));
    TreeSet<Long> days = new TreeSet<>();
    for (SegmentKey k : archive.list(tenant, fromHour, Math.floorDiv(nowNanos, HOUR))) {
      days.add(Math.floorDiv(k.hour(), 24));
    }
    return List.copyOf(days);
  }

  /** How many events (distinct by time and id) of the store's {@code day} match. */
  public long countStore(TenantId tenant, LogQuery q, long day) throws IOException {
    LogFilter f = LogFilter.ofAllStored(q);
    Set<String> seen = new HashSet<>();
    StoredDay.EventSink count = e -> {
      if (f.matches(e)) {
        seen.add(e.timeNanos() + ":" + e.id());
      }
    };
    if (erasable != null) {
      erasable.forEachOfDay(tenant, day, count);
    }
    return seen.size();
  }

  /** Removes the matches from the store's {@code day}; answers the stored copies removed. */
  public long eraseStore(TenantId tenant, LogQuery q, long day) throws IOException {
    LogFilter f = LogFilter.ofAllStored(q);
    if (erasable == null) {
      throw new IOException("this store cannot erase events");
    }
    return erasable.erase(tenant, day, f::matches);
  }

  /**
   * What erasing the archive's ingest {@code day} would remove: its matching events (distinct by
   * time and id) and the segments read that hold them.
   */
  public ArchiveErasure countArchive(TenantId tenant, LogQuery q, long day) throws IOException {
    LogFilter f = LogFilter.ofAllStored(q);
    Set<String> seen = new HashSet<>();
    int segments = 0;
    for (SegmentKey k : ArchiveCompactor.visible(archive.list(tenant, day * 24, day * 24 + 23))) {
      Optional<byte[]> bytes = archive.get(k);
      if (bytes.isPresent()) {
        boolean holds = false;
        for (LogEvent e : ArchiveSegments.decode(tenant, bytes.get())) {
          if (f.matches(e)) {
            seen.add(e.timeNanos() + ":" + e.id());
            holds = true;
          }
        }
        segments += holds ? 1 : 0;
      }
    }
    return new ArchiveErasure(seen.size(), segments);
  }

  /** Removes the matches from the archive's ingest {@code day}, rewriting the segments that hold them. */
  public ArchiveErasure eraseArchive(TenantId tenant, LogQuery q, long day) throws IOException {
    LogFilter f = LogFilter.ofAllStored(q);
    long events = 0;
    int rewritten = 0;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      ArchiveErasure p = erasePass(tenant, f, day);
      events += p.events();
      rewritten += p.segmentsRewritten();
      if (p.events() == 0) {
        return new ArchiveErasure(events, rewritten);
      }
    }
    throw new IOException("the archive of " + tenant + "'s day " + day + " still held matches after " + MAX_PASSES
        + " passes (a compaction keeps rewriting it); run the erasure again");
  }

  private ArchiveErasure erasePass(TenantId tenant, LogFilter f, long day) throws IOException {
    List<SegmentKey> listed = archive.list(tenant, day * 24, day * 24 + 23);
    List<SegmentKey> visible = ArchiveCompactor.visible(listed);
    for (SegmentKey k : listed) {
      if (!visible.contains(k)) {
        archive.delete(k); // hidden: rewritten by an earlier attempt, or merged by a compaction
      }
    }
    long events = 0;
    int rewritten = 0;
    for (SegmentKey k : visible) {
      Optional<byte[]> bytes = archive.get(k);
      if (bytes.isEmpty()) {
        continue;
      }
      List<LogEvent> all = ArchiveSegments.decode(tenant, bytes.get());
      List<LogEvent> kept = new ArrayList<>(all.size());
      for (LogEvent e : all) {
        if (!f.matches(e)) {
          kept.add(e);
        }
      }
      if (kept.size() == all.size()) {
        continue;
      }
      if (!kept.isEmpty()) {
        // Durable before the old one goes; from now on readers read this one.
        archive.append(k.nextRevision(), ArchiveSegments.encode(kept));
      }
      archive.delete(k);
      events += all.size() - kept.size();
      rewritten++;
    }
    return new ArchiveErasure(events, rewritten);
  }
}
