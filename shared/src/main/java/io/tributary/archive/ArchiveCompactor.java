package io.tributary.archive;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Merges the many small segments processing writes (one per batch) into few large ones once their
 * hour has ended: a large segment shares its dictionaries and compression context over hundreds of
 * thousands of events, which is what makes the archive several times smaller than zstd of the
 * NDJSON. Runs of consecutive segments of a tenant, hour and partition become one segment named by
 * the run's first and last offsets, so the deduplication of redelivered frames keeps working;
 * the merged segment is written before its sources are deleted, and a segment that another covers
 * (a compaction stopped in between) is never read ({@link #visible}).
 */
public final class ArchiveCompactor {

  /** Events per merged segment at most: bounds the memory of a merge and of a later read. */
  public static final int MAX_EVENTS = 262_144;

  private final ArchiveStore archive;
  private final int maxEvents;

  public ArchiveCompactor(ArchiveStore archive) {
    this(archive, MAX_EVENTS);
  }

  public ArchiveCompactor(ArchiveStore archive, int maxEvents) {
    this.archive = archive;
    this.maxEvents = maxEvents;
  }

  /** What one compaction did. */
  public record Result(int segmentsMerged, int segmentsWritten, long events) {
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
      List<SegmentKey> run = new ArrayList<>();
      ArchiveSegments.Writer w = new ArchiveSegments.Writer(ArchiveSegments.LEVEL_MERGED);
      for (SegmentKey k : keys) {
        Optional<byte[]> bytes = archive.get(k);
        if (bytes.isEmpty()) {
          continue;
        }
        List<LogEvent> list = ArchiveSegments.decode(tenant, bytes.get());
        if (w.count() > 0 && w.count() + list.size() > maxEvents) {
          if (flush(tenant, hour, run, w)) {
            merged += run.size();
            written++;
            events += w.count();
          }
          run = new ArrayList<>();
          w = new ArchiveSegments.Writer(ArchiveSegments.LEVEL_MERGED);
        }
        list.forEach(w::add);
        run.add(k);
      }
      if (flush(tenant, hour, run, w)) {
        merged += run.size();
        written++;
        events += w.count();
      }
    }
    return new Result(merged, written, events);
  }

  private boolean flush(TenantId tenant, long hour, List<SegmentKey> run, ArchiveSegments.Writer w)
      throws IOException {
    if (run.size() < 2) {
      return false;
    }
    SegmentKey key = new SegmentKey(tenant, hour, run.get(0).partition(), run.get(0).firstOffset(),
        run.get(run.size() - 1).lastOffset());
    // Written before the sources go: a crash in between leaves a segment that covers them.
    archive.append(key, w.finish());
    for (SegmentKey k : run) {
      archive.delete(k);
    }
    return true;
  }

  /**
   * The segments to read: all but those another segment of the same tenant, hour and partition
   * covers (its offset range includes theirs), which a compaction has already merged.
   */
  public static List<SegmentKey> visible(List<SegmentKey> keys) {
    List<SegmentKey> sorted = new ArrayList<>(keys);
    // By group, then first offset up and last offset down: a covering segment precedes what it covers.
    sorted.sort(Comparator.comparing((SegmentKey k) -> k.tenant().value()).thenComparingLong(SegmentKey::hour)
        .thenComparingInt(SegmentKey::partition).thenComparingLong(SegmentKey::firstOffset)
        .thenComparing(Comparator.comparingLong(SegmentKey::lastOffset).reversed()));
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
