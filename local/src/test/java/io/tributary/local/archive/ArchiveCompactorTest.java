package io.tributary.local.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.testing.TestEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCompactorTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final long HOUR = 490_000;

  @TempDir
  Path dir;

  private static List<LogEvent> events(int from, int n) {
    List<LogEvent> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(TestEvents.event(ACME, TestEvents.T0 + i * 1_000_000L, "event " + i + " of the archive"));
    }
    return out;
  }

  private static List<LogEvent> read(DirectoryArchiveStore a, List<SegmentKey> keys) throws Exception {
    List<LogEvent> out = new ArrayList<>();
    for (SegmentKey k : keys) {
      out.addAll(ArchiveSegments.decode(ACME, a.get(k).orElseThrow()));
    }
    return out;
  }

  @Test
  void runsOfSmallSegmentsBecomeLargeOnesHoldingTheSameEventsInOrder() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    List<LogEvent> all = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      List<LogEvent> batch = events(s * 100, 100);
      all.addAll(batch);
      a.append(new SegmentKey(ACME, HOUR, 0, s * 10L, s * 10L + 9), ArchiveSegments.encode(batch));
    }
    a.append(new SegmentKey(ACME, HOUR, 1, 0, 0), ArchiveSegments.encode(events(5000, 5)));
    ArchiveCompactor.Result r = new ArchiveCompactor(a, 450).compact(ACME, HOUR);
    assertEquals(10, r.segmentsMerged());
    assertEquals(3, r.segmentsWritten(), "at most 450 events a segment: 400 + 400 + 200");
    List<SegmentKey> after = a.list(ACME, HOUR, HOUR);
    assertEquals(4, after.size());
    assertEquals(new SegmentKey(ACME, HOUR, 0, 0, 39), after.get(0));
    List<SegmentKey> partition0 = after.stream().filter(k -> k.partition() == 0).toList();
    assertEquals(all, read(a, partition0));
  }

  @Test
  void aCompactionStoppedBeforeItsDeletesHidesTheSourcesBehindTheMergedSegment() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    SegmentKey s1 = new SegmentKey(ACME, HOUR, 2, 1, 5);
    SegmentKey s2 = new SegmentKey(ACME, HOUR, 2, 6, 9);
    SegmentKey later = new SegmentKey(ACME, HOUR, 2, 10, 12);
    List<LogEvent> nine = events(0, 9);
    a.append(s1, ArchiveSegments.encode(nine.subList(0, 3)));
    a.append(s2, ArchiveSegments.encode(nine.subList(3, 6)));
    a.append(later, ArchiveSegments.encode(nine.subList(6, 9)));
    SegmentKey merged = new SegmentKey(ACME, HOUR, 2, 1, 9);
    a.append(merged, ArchiveSegments.encode(nine.subList(0, 6)));
    List<SegmentKey> visible = ArchiveCompactor.visible(a.list(ACME, HOUR, HOUR));
    assertEquals(List.of(merged, later), visible);
    assertEquals(nine, read(a, visible));
    new ArchiveCompactor(a).compact(ACME, HOUR);
    List<SegmentKey> after = a.list(ACME, HOUR, HOUR);
    assertEquals(List.of(new SegmentKey(ACME, HOUR, 2, 1, 12)), after);
    assertEquals(nine, read(a, after));
    assertTrue(a.get(s1).isEmpty());
  }
}
