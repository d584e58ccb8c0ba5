package io.tributary.archive;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the archive as every reader of it must ({@code ./tributary archive cat}, exports): the
 * segments a compaction has covered are hidden ({@link ArchiveCompactor#visible}), the rest are
 * decoded one at a time in name order (hour, partition, offset), and each event is given once by
 * (tenant, id) — the first copy read, the first written (a client's retry after a lost 202, or a
 * repeat, sits in a later frame, so a later offset). The archive records deliveries; this is
 * where they become events again.
 *
 * <p>Memory: one segment's events and the ids read so far. Not thread-safe.
 */
public final class ArchiveReader {

  private final ArchiveStore archive;

  public ArchiveReader(ArchiveStore archive) {
    this.archive = archive;
  }

  /** Receives the events a read gives, in order. */
  @FunctionalInterface
  public interface EventSink {
    void accept(LogEvent event) throws IOException;
  }

  /** Gives a segment's bytes when it is its turn to be read. */
  @FunctionalInterface
  public interface SegmentBytes {
    Optional<byte[]> get() throws IOException;
  }

  /**
   * A segment to read: its key when its name is a segment name (null otherwise: it is read as it is,
   * after the named ones), the tenant it belongs to, and its bytes.
   */
  public record Segment(TenantId tenant, SegmentKey key, SegmentBytes bytes) {
  }

  /**
   * What a read did.
   *
   * @param segments segments decoded
   * @param hidden segments not read because a merged segment covers them
   * @param events events given to the sink
   * @param repeats copies left out because an earlier one of the same (tenant, id) was given
   */
  public record Stats(int segments, int hidden, long events, long repeats) {
  }

  /**
   * Reads {@code tenant}'s events of the ingest hours {@code [fromHour, toHour]}. A segment that a
   * compaction running meanwhile deleted is made up for by reading the segment that now covers it.
   */
  public Stats read(TenantId tenant, long fromHour, long toHour, EventSink sink) throws IOException {
    return read(tenant, fromHour, toHour, sink, new HashSet<>());
  }

  /**
   * As {@link #read(TenantId, long, long, EventSink)}, but gives every copy it reads (a repeat, or
   * the events of a segment read again because a compaction replaced it meanwhile), keeping no set
   * of the ids read: memory is one segment's events whatever the range. For a caller that removes
   * repeats itself (an export sorts by time and id, and copies sit side by side).
   */
  public Stats readEveryCopy(TenantId tenant, long fromHour, long toHour, EventSink sink) throws IOException {
    return read(tenant, fromHour, toHour, sink, null);
  }

  private Stats read(TenantId tenant, long fromHour, long toHour, EventSink sink, Set<String> seen)
      throws IOException {
    Set<SegmentKey> done = new HashSet<>();
    Stats total = new Stats(0, 0, 0, 0);
    for (int attempt = 0; ; attempt++) {
      List<SegmentKey> listed = archive.list(tenant, fromHour, toHour);
      List<Segment> segments = new ArrayList<>();
      boolean[] vanished = new boolean[1];
      for (SegmentKey k : listed) {
        segments.add(new Segment(tenant, k, () -> {
          Optional<byte[]> b = done.contains(k) ? Optional.empty() : archive.get(k);
          vanished[0] |= b.isEmpty() && !done.contains(k);
          if (b.isPresent()) {
            done.add(k);
          }
          return b;
        }));
      }
      Stats s = read(segments, sink, seen);
      total = new Stats(total.segments() + s.segments(), attempt == 0 ? s.hidden() : total.hidden(),
          total.events() + s.events(), total.repeats() + s.repeats());
      if (!vanished[0] || attempt >= 8) {
        return total;
      }
    }
  }

  /**
   * Reads the given segments with the same rules: those another of them covers are hidden, the
   * rest read in name order (unnamed ones last, in the order given), each (tenant, id) once.
   */
  public static Stats read(List<Segment> segments, EventSink sink) throws IOException {
    return read(segments, sink, new HashSet<>());
  }

  private static Stats read(List<Segment> segments, EventSink sink, Set<String> seen) throws IOException {
    List<SegmentKey> keys = new ArrayList<>();
    List<Segment> unnamed = new ArrayList<>();
    java.util.Map<SegmentKey, Segment> byKey = new java.util.HashMap<>();
    for (Segment s : segments) {
      if (s.key() == null) {
        unnamed.add(s);
      } else if (byKey.putIfAbsent(s.key(), s) == null) {
        keys.add(s.key());
      }
    }
    List<SegmentKey> visible = ArchiveCompactor.visible(keys);
    List<Segment> order = new ArrayList<>(visible.size() + unnamed.size());
    for (SegmentKey k : visible) {
      order.add(byKey.get(k));
    }
    order.addAll(unnamed);
    int read = 0;
    long events = 0;
    long repeats = 0;
    for (Segment s : order) {
      Optional<byte[]> bytes = s.bytes().get();
      if (bytes.isEmpty()) {
        continue; // deleted by a compaction since it was listed: its events are in the segment that covers it
      }
      read++;
      for (LogEvent e : ArchiveSegments.decode(s.tenant(), bytes.get())) {
        if (seen == null || seen.add(s.tenant().value() + '\u0000' + e.id())) {
          sink.accept(e);
          events++;
        } else {
          repeats++;
        }
      }
    }
    return new Stats(read, keys.size() - visible.size(), events, repeats);
  }
}
