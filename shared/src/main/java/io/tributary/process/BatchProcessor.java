package io.tributary.process;

import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.EncodedRows;
import io.tributary.frame.FrameCodec;
import io.tributary.ingest.FrameEvents;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import io.tributary.quarantine.QuarantinedFrame;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Processes a batch of frames from one event-log partition: decode, enrich, upsert into the
 * {@link LogStore}, and append to the {@link ArchiveStore}. When it returns, everything is durable
 * (stored, or kept in the {@link Quarantine}) and the caller may checkpoint past the batch.
 *
 * <p>Never skip, never stall: a frame that does not decode goes to the quarantine with its reason
 * (durably, before this returns) instead of being dropped. A failing store or archive write makes
 * the call throw, and the caller delivers the batch again; after {@link
 * ProcessingLimits#maxAttempts()} failed deliveries the batch is processed frame by frame, and the
 * frames that still fail are quarantined, so one poison frame cannot hold its partition. Only a
 * failing quarantine makes that last resort throw: then nothing is checkpointed and the batch is
 * delivered again.
 *
 * <p>Bounded memory: the batch is processed in sub-batches of at most {@link
 * ProcessingLimits#maxBatchDecodedBytes()} decoded bytes (as frame headers declare them) and
 * {@link ProcessingLimits#maxBatchEvents()} events; a larger frame is processed alone. Nothing of a
 * sub-batch is kept once it is written.
 *
 * <p>Idempotent: the store absorbs repeats by event id, and the archive by frame coordinates: a
 * segment holds all frames of one tenant, ingest hour and partition within an offset range, and a
 * frame at or below the highest offset already archived for its (tenant, hour, partition) is not
 * written again; the quarantine keeps a frame once per coordinates. Frames of one partition must be
 * processed in offset order. Thread-safe across partitions.
 */
public final class BatchProcessor {

  private static final Logger LOG = Logger.getLogger(BatchProcessor.class.getName());
  private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
  private static final int CACHED_GROUPS = 4096;

  private final LogStore store;
  private final ArchiveStore archive;
  private final Enricher enricher;
  private final RepeatFilter repeats;
  private final Quarantine quarantine;
  private final ProcessingLimits limits;
  private final Clock clock;
  private final StoredEventsListener onStored;
  /** Highest frame offset archived per (tenant, hour, partition); -1 when none. */
  private final Map<Group, Long> archivedUpTo = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Group, Long> eldest) {
          return size() > CACHED_GROUPS;
        }
      });

  private final LongAdder processed = new LongAdder();
  private final java.util.concurrent.ConcurrentHashMap<io.tributary.event.TenantId, LongAdder> processedByTenant =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final LongAdder quarantinedFrames = new LongAdder();
  private final LongAdder quarantinedEvents = new LongAdder();

  public BatchProcessor(LogStore store, ArchiveStore archive, Enricher enricher, RepeatFilter repeats,
      Quarantine quarantine, ProcessingLimits limits, Clock clock) {
    this(store, archive, enricher, repeats, quarantine, limits, clock, StoredEventsListener.NONE);
  }

  /** @param onStored told of each sub-batch once stored (the live tails); it must never block */
  public BatchProcessor(LogStore store, ArchiveStore archive, Enricher enricher, RepeatFilter repeats,
      Quarantine quarantine, ProcessingLimits limits, Clock clock, StoredEventsListener onStored) {
    this.onStored = onStored;
    this.store = store;
    this.archive = archive;
    this.enricher = enricher;
    this.repeats = repeats;
    this.quarantine = quarantine;
    this.limits = limits;
    this.clock = clock;
  }

  /** What drops client retries (for health and metrics). */
  public RepeatFilter repeats() {
    return repeats;
  }

  private record Group(TenantId tenant, long hour, int partition) {
  }

  /** A frame's events: {@code all[from, to)} of the sub-batch. */
  private record Decoded(SourceFrame source, TenantId tenant, long ingestedNanos, int from, int to) {
  }

  /** Each processing thread's row buffer, reused batch after batch (a batch's rows run to megabytes). */
  private static final ThreadLocal<EncodedRows> ROWS = ThreadLocal.withInitial(() -> new EncodedRows(1 << 20));
  private static final int KEEP_ROWS_AT_MOST = 32 << 20;

  /** A first delivery: {@link #process(List, int)} with no failure before. */
  public BatchResult process(List<SourceFrame> frames) throws IOException {
    return process(frames, 0);
  }

  /**
   * Processes {@code frames}; throws when something could not be made durable, and then nothing
   * may be checkpointed.
   *
   * @param failedBefore how many deliveries of this batch failed before this one (the host's retry
   *     count); from {@code maxAttempts} on, the batch is processed frame by frame and what still fails
   *     is quarantined
   */
  public BatchResult process(List<SourceFrame> frames, int failedBefore) throws IOException {
    EncodedRows rows = ROWS.get();
    rows.clear();
    // Linked to the ingest requests whose frames carry their trace (io.tributary.telemetry.Tracing).
    java.util.Set<String> traced = new java.util.LinkedHashSet<>();
    for (int i = 0; i < frames.size() && traced.size() < io.tributary.telemetry.Tracing.MAX_LINKS; i++) {
      String tp = FrameCodec.traceparent(frames.get(i).frame());
      if (tp != null) {
        traced.add(tp);
      }
    }
    try (io.tributary.telemetry.Tracing.Scoped span = io.tributary.telemetry.Tracing.batch("process", traced,
        frames.size())) {
      try {
        Run run = new Run(rows, failedBefore >= limits.maxAttempts(), failedBefore + 1);
        for (SourceFrame f : frames) {
          run.add(f);
        }
        run.flush();
        BatchResult result = run.result();
        span.set("tributary.events", result.events());
        return result;
      } catch (IOException | RuntimeException e) {
        span.failed(e);
        throw e;
      }
    } finally {
      rows.clear();
      if (rows.array().length > KEEP_ROWS_AT_MOST) {
        ROWS.remove();
      }
    }
  }

  /** Events processed since start (repeats included). */
  public long processedEvents() {
    return processed.sum();
  }

  /** Events of {@code tenant} processed since start, by this instance (repeats included). */
  public long processedEvents(io.tributary.event.TenantId tenant) {
    LongAdder a = processedByTenant.get(tenant);
    return a == null ? 0 : a.sum();
  }

  /** Frames this processor put in the quarantine since start (not counting repeats). */
  public long quarantinedFrames() {
    return quarantinedFrames.sum();
  }

  /** Events of those frames that were not stored, where known. */
  public long quarantinedEvents() {
    return quarantinedEvents.sum();
  }

  public ProcessingLimits limits() {
    return limits;
  }

  /** One call's state: the sub-batch being filled, and what the call did so far. */
  private final class Run {
    final EncodedRows rows;
    final boolean isolate;
    final int attempt;
    final List<LogEvent> all = new ArrayList<>();
    final List<Decoded> frames = new ArrayList<>();
    long rawBytes;
    int events;
    int written;
    int skipped;
    int quarantined;
    int quarantinedLost;
    int subBatches;

    Run(EncodedRows rows, boolean isolate, int attempt) {
      this.rows = rows;
      this.isolate = isolate;
      this.attempt = attempt;
    }

    void add(SourceFrame f) throws IOException {
      int raw;
      try {
        raw = FrameCodec.rawLength(f.frame());
      } catch (RuntimeException | StackOverflowError e) {
        quarantine(f, tenantOf(f), QuarantineReasons.CORRUPT_FRAME, describe(e), -1);
        return;
      }
      if (!frames.isEmpty() && rawBytes + raw > limits.maxBatchDecodedBytes()) {
        flush();
      }
      DecodedFrame d;
      try {
        d = FrameEvents.decode(f.frame());
      } catch (CorruptFrameException e) {
        quarantine(f, tenantOf(f), QuarantineReasons.CORRUPT_FRAME, e.getMessage(), -1);
        return;
      } catch (RuntimeException | StackOverflowError e) {
        quarantine(f, tenantOf(f), QuarantineReasons.DECODE_FAILED, describe(e), -1);
        return;
      }
      // First write wins: an event whose client id another delivery holds goes no further.
      List<LogEvent> decoded = keptOf(d);
      if (!frames.isEmpty() && all.size() + decoded.size() > limits.maxBatchEvents()) {
        flush();
      }
      int from = all.size();
      int rowsFrom = rows.count();
      try {
        for (LogEvent e : decoded) {
          LogEvent enriched = enricher.enrich(e);
          all.add(enriched);
          // Encoded now, while its strings are fresh in the cache; the store and archive copy the bytes.
          rows.add(enriched);
        }
      } catch (RuntimeException | StackOverflowError e) {
        all.subList(from, all.size()).clear();
        rows.truncate(rowsFrom);
        quarantine(f, d.tenant(), QuarantineReasons.DECODE_FAILED, "enrichment failed: " + describe(e),
            decoded.size());
        return;
      }
      if (d.unreadable() > 0) {
        quarantine(f, d.tenant(), QuarantineReasons.UNREADABLE_EVENTS, d.unreadable()
            + " accepted items of the frame do not read back; its " + decoded.size() + " other events are stored",
            d.unreadable());
      }
      rawBytes += raw;
      frames.add(new Decoded(f, d.tenant(), d.ingestedNanos(), from, all.size()));
      if (isolate) {
        flush();
      }
    }

    /** The frame's events but those whose client id another delivery holds (claimed durably now). */
    private List<LogEvent> keptOf(DecodedFrame d) throws IOException {
      List<LogEvent> events = d.events();
      List<RepeatFilter.Delivered> delivered = null;
      for (int k = 0; k < events.size(); k++) {
        if (RepeatFilter.isClientId(events.get(k).id())) {
          delivered = new ArrayList<>(events.size());
          break;
        }
      }
      if (delivered == null) {
        return events;
      }
      for (int k = 0; k < events.size(); k++) {
        delivered.add(RepeatFilter.of(events.get(k), d.idHi(), d.idLo(), d.firstSeq() + k));
      }
      BitSet keep = repeats.keep(delivered);
      if (keep.cardinality() == events.size()) {
        return events;
      }
      List<LogEvent> kept = new ArrayList<>(keep.cardinality());
      for (int k = keep.nextSetBit(0); k >= 0; k = keep.nextSetBit(k + 1)) {
        kept.add(events.get(k));
      }
      return kept;
    }

    /** Writes the sub-batch and empties it. */
    void flush() throws IOException {
      if (frames.isEmpty()) {
        return;
      }
      try {
        if (isolate) {
          // One frame: if it fails alone, it is the poison.
          try {
            write();
          } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            Decoded d = frames.get(0);
            quarantine(d.source(), d.tenant(), QuarantineReasons.STORE_FAILED, describe(e), d.to() - d.from());
          }
        } else {
          write();
        }
      } finally {
        all.clear();
        frames.clear();
        rows.clear();
        rawBytes = 0;
      }
    }

    private void write() throws IOException {
      try (io.tributary.telemetry.Tracing.Scoped upsert = io.tributary.telemetry.Tracing.child("store.upsert")) {
        upsert.set("tributary.events", all.size());
        store.upsert(all, rows);
      }
      Map<Group, List<Decoded>> groups = new LinkedHashMap<>();
      for (Decoded d : frames) {
        Group g = new Group(d.tenant(), Math.floorDiv(d.ingestedNanos(), NANOS_PER_HOUR), d.source().partition());
        groups.computeIfAbsent(g, k -> new ArrayList<>()).add(d);
      }
      try (io.tributary.telemetry.Tracing.Scoped append = io.tributary.telemetry.Tracing.child("archive.append")) {
        append.set("tributary.segments", archiveGroups(groups));
      }
      processed.add(all.size());
      events += all.size();
      subBatches++;
      try {
        onStored.stored(all);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a stored-events listener failed; processing goes on", e);
      }
    }

    /**
     * Appends each group's events (tenant, hour, partition) not archived yet as one segment; the
     * segments appended or found already there.
     */
    private int archiveGroups(Map<Group, List<Decoded>> groups) throws IOException {
      int[] which = new int[all.size()];
      int segments = 0;
      for (Map.Entry<Group, List<Decoded>> entry : groups.entrySet()) {
        Group g = entry.getKey();
        LongAdder byTenant = processedByTenant.computeIfAbsent(g.tenant(), t -> new LongAdder());
        for (Decoded d : entry.getValue()) {
          byTenant.add(d.to() - d.from());
        }
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
        segments++;
        archivedUpTo.put(g, last);
      }
      return segments;
    }

    void quarantine(SourceFrame f, TenantId tenant, String reason, String message, int lost) throws IOException {
      QuarantineEntry entry = new QuarantineEntry(new QuarantineKey(f.partition(), f.offset()), tenant, reason,
          message, attempt, clock.instant(), lost, f.frame().length);
      boolean added = quarantine.put(new QuarantinedFrame(entry, f.frame()));
      quarantined++;
      quarantinedLost += Math.max(0, lost);
      if (added) {
        quarantinedFrames.increment();
        quarantinedEvents.add(Math.max(0, lost));
        LOG.log(Level.SEVERE, "quarantined frame partition=" + f.partition() + " offset=" + f.offset() + " tenant="
            + (tenant == null ? "unknown" : tenant.value()) + " reason=" + reason + " events="
            + (lost < 0 ? "unknown" : Integer.toString(lost)) + " attempts=" + attempt + ": " + entry.message()
            + "; ./tributary quarantine replay " + entry.key().name() + " after a fix");
      }
    }

    BatchResult result() {
      return new BatchResult(events, written, skipped, quarantined, quarantinedLost, subBatches);
    }
  }

  private static TenantId tenantOf(SourceFrame f) {
    try {
      return FrameCodec.tenantOf(f.frame());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
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
