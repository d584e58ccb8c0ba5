package io.tributary.process;

import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.EncodedRows;
import io.tributary.ingest.FrameEvents;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Processes a batch of frames from one event-log partition: decode, enrich, upsert into the
 * {@link LogStore}, and append to the {@link ArchiveStore}. When it returns, everything is durable
 * and the caller may checkpoint past the batch.
 *
 * <p>Idempotent: the store absorbs repeats by event id, and the archive by frame coordinates: a
 * segment holds all frames of one tenant, ingest hour and partition within an offset range, and a
 * frame at or below the highest offset already archived for its (tenant, hour, partition) is not
 * written again. Frames of one partition must be processed in offset order. Thread-safe across
 * partitions.
 */
public final class BatchProcessor {

  private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
  private static final int CACHED_GROUPS = 4096;

  private final LogStore store;
  private final ArchiveStore archive;
  private final Enricher enricher;
  private final RepeatFilter repeats;
  /** Highest frame offset archived per (tenant, hour, partition); -1 when none. */
  private final Map<Group, Long> archivedUpTo = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Group, Long> eldest) {
          return size() > CACHED_GROUPS;
        }
      });

  private final java.util.concurrent.atomic.LongAdder processed = new java.util.concurrent.atomic.LongAdder();

  public BatchProcessor(LogStore store, ArchiveStore archive, Enricher enricher, RepeatFilter repeats) {
    this.store = store;
    this.archive = archive;
    this.enricher = enricher;
    this.repeats = repeats;
  }

  /** What drops client retries (for health and metrics). */
  public RepeatFilter repeats() {
    return repeats;
  }

  private record Group(TenantId tenant, long hour, int partition) {
  }

  /** A frame's events: {@code all[from, to)} of the batch. */
  private record Decoded(SourceFrame source, int from, int to) {
  }

  /** Each processing thread's row buffer, reused batch after batch (a batch's rows run to megabytes). */
  private static final ThreadLocal<EncodedRows> ROWS = ThreadLocal.withInitial(() -> new EncodedRows(1 << 20));
  private static final int KEEP_ROWS_AT_MOST = 32 << 20;

  public BatchResult process(List<SourceFrame> frames) throws IOException {
    EncodedRows rows = ROWS.get();
    rows.clear();
    try {
      return process(frames, rows);
    } finally {
      if (rows.array().length > KEEP_ROWS_AT_MOST) {
        ROWS.remove();
      }
    }
  }

  private BatchResult process(List<SourceFrame> frames, EncodedRows rows) throws IOException {
    List<LogEvent> all = new ArrayList<>();
    Map<Group, List<Decoded>> groups = new LinkedHashMap<>();
    int corrupt = 0;
    List<DecodedFrame> decoded = new ArrayList<>(frames.size());
    List<RepeatFilter.Delivered> delivered = new ArrayList<>();
    for (SourceFrame f : frames) {
      DecodedFrame d;
      try {
        d = FrameEvents.decode(f.frame());
      } catch (CorruptFrameException | IllegalArgumentException e) {
        corrupt++;
        decoded.add(null);
        continue;
      }
      corrupt += d.unreadable() > 0 ? 1 : 0;
      decoded.add(d);
      for (int k = 0; k < d.events().size(); k++) {
        delivered.add(RepeatFilter.of(d.events().get(k), d.idHi(), d.idLo(), d.firstSeq() + k));
      }
    }
    // First write wins: a client id another delivery holds is dropped before store and archive.
    BitSet keep = repeats.keep(delivered);
    int at = 0;
    for (int fi = 0; fi < frames.size(); fi++) {
      DecodedFrame d = decoded.get(fi);
      if (d == null) {
        continue;
      }
      SourceFrame f = frames.get(fi);
      int from = all.size();
      for (LogEvent e : d.events()) {
        if (!keep.get(at++)) {
          continue;
        }
        LogEvent enriched = enricher.enrich(e);
        all.add(enriched);
        // Encoded now, while its strings are fresh in the cache; the store and archive copy the bytes.
        rows.add(enriched);
      }
      Group g = new Group(d.tenant(), Math.floorDiv(d.ingestedNanos(), NANOS_PER_HOUR), f.partition());
      groups.computeIfAbsent(g, k -> new ArrayList<>()).add(new Decoded(f, from, all.size()));
    }
    store.upsert(all, rows);
    int[] which = new int[all.size()];
    int written = 0;
    int skipped = 0;
    for (Map.Entry<Group, List<Decoded>> entry : groups.entrySet()) {
      Group g = entry.getKey();
      long done = archivedUpTo(g);
      int n = 0;
      long first = -1;
      long last = -1;
      for (Decoded d : entry.getValue()) {
        if (d.source().offset() <= done) {
          skipped++;
          continue;
        }
        if (first < 0) {
          first = d.source().offset();
        }
        last = d.source().offset();
        for (int i = d.from(); i < d.to(); i++) {
          which[n++] = i;
        }
      }
      if (first < 0) {
        continue;
      }
      SegmentKey key = new SegmentKey(g.tenant(), g.hour(), g.partition(), first, last);
      if (archive.append(key, ArchiveSegments.encodeRows(all, rows, which, n))) {
        written++;
      }
      archivedUpTo.put(g, last);
    }
    processed.add(all.size());
    return new BatchResult(all.size(), written, skipped, corrupt);
  }

  /** Events processed since start (repeats included). */
  public long processedEvents() {
    return processed.sum();
  }

  private long archivedUpTo(Group g) throws IOException {
    Long cached = archivedUpTo.get(g);
    if (cached != null) {
      return cached;
    }
    long max = -1;
    for (SegmentKey k : archive.list(g.tenant(), g.hour(), g.hour())) {
      if (k.partition() == g.partition()) {
        max = Math.max(max, k.lastOffset());
      }
    }
    archivedUpTo.put(g, max);
    return max;
  }
}
