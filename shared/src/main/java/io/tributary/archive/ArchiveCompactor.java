package io.tributary.archive;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Merges the many small segments processing writes (one per batch) into few large ones once their
 * hour has ended: a large segment shares its dictionaries and compression context over hundreds of
 * thousands of events, which is what makes the archive several times smaller than zstd of the
 * NDJSON. Runs of consecutive segments of a tenant, hour and partition become one segment named by
 * the run's first and last offsets, so the deduplication of redelivered frames keeps working;
 * the merged segment is written before its sources are deleted, and a segment that another covers
 * (a compaction stopped in between) is never read ({@link #visible}).
 *
 * <p>A run is bounded by bytes as well as events ({@link #MAX_BYTES}, {@link #MAX_EVENTS}; it closes
 * once its columns reach the byte bound, so it exceeds it by one source segment at most): a merge
 * holds the run's columns and one source segment's events at a time, and streams the
 * compressed segment out ({@link ArchiveStore#append(SegmentKey, ArchiveStore.Content)}), so runs of
 * large events cannot exhaust the heap. Should a segment of the merged name already be there, the
 * sources are deleted only when it holds exactly their events; otherwise they stay, and it is
 * logged.
 */
public final class ArchiveCompactor {

  private static final Logger LOG = Logger.getLogger(ArchiveCompactor.class.getName());

  /** Events per merged segment at most. */
  public static final int MAX_EVENTS = 262_144;
  /**
   * Bytes a merge may hold, about: the merged segment's columns (before compression) and its
   * dictionaries; also about what a reader of the segment later decompresses at once.
   */
  public static final long MAX_BYTES = 32L << 20;

  private final ArchiveStore archive;
  private final int maxEvents;
  private final long maxBytes;

  public ArchiveCompactor(ArchiveStore archive) {
    this(archive, MAX_EVENTS, MAX_BYTES);
  }

  public ArchiveCompactor(ArchiveStore archive, int maxEvents) {
    this(archive, maxEvents, MAX_BYTES);
  }

  public ArchiveCompactor(ArchiveStore archive, int maxEvents, long maxBytes) {
    this.archive = archive;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  /** What one compaction did. */
  public record Result(int segmentsMerged, int segmentsWritten, long events) {
  }

  /** A run of consecutive segments being merged, and the columns of their events. */
  private static final class Run {
    final List<SegmentKey> keys = new ArrayList<>();
    /** The events of the run's first segment, added to the writer only once a second one joins. */
    List<LogEvent> first;
    long firstBytes;
    ArchiveSegments.Writer writer;
    long events;

    void add(SegmentKey k, List<LogEvent> decoded, long contentBytes) {
      if (keys.isEmpty()) {
        first = decoded;
        firstBytes = contentBytes;
      } else {
        if (writer == null) {
          writer = new ArchiveSegments.Writer(ArchiveSegments.LEVEL_MERGED);
          first.forEach(writer::add);
          first = null;
        }
        decoded.forEach(writer::add);
      }
      keys.add(k);
      events += decoded.size();
    }

    /** What the run holds: its columns and dictionaries (or its one segment's content) in bytes. */
    long bytes() {
      return writer != null ? writer.heldBytes() : firstBytes;
    }
  }

  /** Compacts a tenant's segments of one hour (an hour that has ended). */
  public Result compact(TenantId tenant, long hour) throws IOException {
    List<SegmentKey> listed = archive.list(tenant, hour, hour);
    List<SegmentKey> visible = visible(listed);
    int merged = 0;
    for (SegmentKey k : listed) {
      if (!visible.contains(k)) {
        // Left by a compaction that stopped after writing the segment that covers it.
        archive.delete(k);
        merged++;
      }
    }
    Map<Integer, List<SegmentKey>> byPartition = new TreeMap<>();
    for (SegmentKey k : visible) {
      byPartition.computeIfAbsent(k.partition(), p -> new ArrayList<>()).add(k);
    }
    int written = 0;
    long events = 0;
    for (List<SegmentKey> keys : byPartition.values()) {
      if (keys.size() < 2) {
        continue;
      }
      keys.sort(Comparator.comparingLong(SegmentKey::firstOffset));
      Run run = new Run();
      for (SegmentKey k : keys) {
        Optional<byte[]> bytes = archive.get(k);
        if (bytes.isEmpty()) {
          continue;
        }
        long size = ArchiveSegments.contentSize(bytes.get());
        List<LogEvent> decoded = ArchiveSegments.decode(tenant, bytes.get());
        bytes = Optional.empty();
        // A run closes once its columns reach the bound: it ends up at most one source over it.
        if (!run.keys.isEmpty() && (run.events + decoded.size() > maxEvents || run.bytes() >= maxBytes)) {
          if (flush(tenant, hour, run)) {
            merged += run.keys.size();
            written++;
            events += run.events;
          }
          run = new Run();
        }
        run.add(k, decoded, size);
      }
      if (flush(tenant, hour, run)) {
        merged += run.keys.size();
        written++;
        events += run.events;
      }
    }
    return new Result(merged, written, events);
  }

  private boolean flush(TenantId tenant, long hour, Run run) throws IOException {
    if (run.keys.size() < 2) {
      return false;
    }
    SegmentKey key = new SegmentKey(tenant, hour, run.keys.get(0).partition(), run.keys.get(0).firstOffset(),
        run.keys.get(run.keys.size() - 1).lastOffset());
    // Written before the sources go: a crash in between leaves a segment that covers them.
    ArchiveSegments.Writer w = run.writer;
    run.writer = null;
    if (!archive.append(key, w::finish) && !holdsExactly(tenant, key, run.keys)) {
      LOG.log(Level.SEVERE, "archive compaction: " + key.name() + " is already there and does not hold exactly the"
          + " events of the " + run.keys.size() + " segments it would replace; they are kept. Readers read the"
          + " segment that covers them: compare them with it by hand.");
      return false;
    }
    for (SegmentKey k : run.keys) {
      archive.delete(k);
    }
    return true;
  }

  /** True when segment {@code key} holds the events of {@code sources}, in their order. */
  private boolean holdsExactly(TenantId tenant, SegmentKey key, List<SegmentKey> sources) throws IOException {
    Optional<byte[]> there = archive.get(key);
    if (there.isEmpty()) {
      return false;
    }
    Iterator<LogEvent> existing = ArchiveSegments.decode(tenant, there.get()).iterator();
    for (SegmentKey k : sources) {
      Optional<byte[]> bytes = archive.get(k);
      if (bytes.isEmpty()) {
        return false;
      }
      for (LogEvent e : ArchiveSegments.decode(tenant, bytes.get())) {
        if (!existing.hasNext() || !existing.next().equals(e)) {
          return false;
        }
      }
    }
    return !existing.hasNext();
  }

  /**
   * The segments to read: all but those another segment of the same tenant, hour and partition
   * covers (its offset range includes theirs), which a compaction has already merged, and those an
   * erasure rewrote (the same range at a higher {@link SegmentKey#revision()}).
   */
  public static List<SegmentKey> visible(List<SegmentKey> keys) {
    List<SegmentKey> sorted = new ArrayList<>(keys);
    // By group, then first offset up, last offset down and revision down: a covering segment precedes what it covers.
    sorted.sort(Comparator.comparing((SegmentKey k) -> k.tenant().value()).thenComparingLong(SegmentKey::hour)
        .thenComparingInt(SegmentKey::partition).thenComparingLong(SegmentKey::firstOffset)
        .thenComparing(Comparator.comparingLong(SegmentKey::lastOffset).reversed())
        .thenComparing(Comparator.comparingInt(SegmentKey::revision).reversed()));
    List<SegmentKey> out = new ArrayList<>(keys.size());
    SegmentKey group = null;
    long reach = Long.MIN_VALUE;
    for (SegmentKey k : sorted) {
      boolean sameGroup = group != null && group.tenant().equals(k.tenant()) && group.hour() == k.hour()
          && group.partition() == k.partition();
      if (!sameGroup) {
        group = k;
        reach = Long.MIN_VALUE;
      }
      if (k.lastOffset() > reach) {
        out.add(k);
        reach = k.lastOffset();
      }
    }
    out.sort(null);
    return out;
  }
}
