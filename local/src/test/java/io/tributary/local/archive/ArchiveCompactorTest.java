package io.tributary.local.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.testing.TestEvents;
import io.tributary.archive.ArchiveStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

  @Test
  void runsAreBoundedByBytesAsWellAsByEvents() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    List<LogEvent> all = new ArrayList<>();
    long largest = 0;
    for (int s = 0; s < 12; s++) {
      List<LogEvent> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = s * 10 + i;
        batch.add(TestEvents.event(ACME, TestEvents.T0 + n * 1_000_000L, "event " + n + " " + "x".repeat(2000) + n));
      }
      all.addAll(batch);
      byte[] segment = ArchiveSegments.encodeRows(batch);
      largest = Math.max(largest, ArchiveSegments.contentSize(segment));
      a.append(new SegmentKey(ACME, HOUR, 0, s * 10L, s * 10L + 9), segment);
    }
    long bound = 3 * largest;
    ArchiveCompactor.Result r = new ArchiveCompactor(a, ArchiveCompactor.MAX_EVENTS, bound).compact(ACME, HOUR);
    assertEquals(12, r.segmentsMerged());
    assertTrue(r.segmentsWritten() >= 2, "runs split by bytes, not at the 262,144 events allowed: "
        + r.segmentsWritten());
    List<SegmentKey> after = a.list(ACME, HOUR, HOUR);
    assertEquals(r.segmentsWritten(), after.size());
    for (SegmentKey k : after) {
      assertTrue(ArchiveSegments.contentSize(a.get(k).orElseThrow()) <= bound + largest,
          "at most one source over the bound: " + k.name());
    }
    assertEquals(all, read(a, after));
  }

  @Test
  void messagesThatAreEachALogTypeOfTheirOwnCountTowardsTheBoundToo() throws Exception {
    // Without digits a message has no variables: all of it is its log type, kept in the dictionary.
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    java.util.Random r = new java.util.Random(3);
    long largest = 0;
    for (int s = 0; s < 12; s++) {
      List<LogEvent> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        StringBuilder m = new StringBuilder();
        while (m.length() < 3000) {
          m.append((char) ('a' + r.nextInt(26)));
        }
        batch.add(TestEvents.event(ACME, TestEvents.T0 + (s * 10 + i) * 1_000_000L, m.toString()));
      }
      byte[] segment = ArchiveSegments.encodeRows(batch);
      largest = Math.max(largest, ArchiveSegments.contentSize(segment));
      a.append(new SegmentKey(ACME, HOUR, 0, s, s), segment);
    }
    ArchiveCompactor.Result r2 = new ArchiveCompactor(a, ArchiveCompactor.MAX_EVENTS, 3 * largest).compact(ACME, HOUR);
    assertTrue(r2.segmentsWritten() >= 3, "runs split although the columns stay tiny: " + r2.segmentsWritten());
    assertEquals(120, read(a, a.list(ACME, HOUR, HOUR)).size());
  }

  @Test
  void compactionOfLargeEventsFitsInASmallHeap() throws Exception {
    // 12 segments of 4 events of 256 KiB (12 MiB) in a 40 MiB heap, runs bounded at 3 MiB. Without
    // the byte bound the one run of all of them does not fit (an OutOfMemoryError, measured).
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx40m",
        "-cp", cp, ArchiveCompactionUnderSmallHeap.class.getName(), dir.resolve("archive").toString(), "12", "4",
        Integer.toString(256 << 10), Long.toString(3L << 20)).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child finished");
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out.length() > 4000 ? out.substring(0, 4000) : out);
    assertTrue(out.contains("merged 12 into "), out);
    assertTrue(out.contains("read 48 events"), out);
  }

  /** An archive where another writer puts a segment at the merged name just before the compactor does. */
  private static final class Racing implements ArchiveStore {
    final DirectoryArchiveStore inner;
    final byte[] theirs;

    Racing(DirectoryArchiveStore inner, byte[] theirs) {
      this.inner = inner;
      this.theirs = theirs;
    }

    @Override
    public boolean append(SegmentKey key, byte[] content) throws IOException {
      return inner.append(key, content);
    }

    @Override
    public boolean append(SegmentKey key, Content content) throws IOException {
      inner.append(key, theirs);
      return inner.append(key, content);
    }

    @Override
    public List<SegmentKey> list(io.tributary.event.TenantId tenant, long from, long to) throws IOException {
      return inner.list(tenant, from, to);
    }

    @Override
    public boolean delete(SegmentKey key) throws IOException {
      return inner.delete(key);
    }

    @Override
    public Optional<byte[]> get(SegmentKey key) throws IOException {
      return inner.get(key);
    }

    @Override
    public void close() {
    }
  }

  @Test
  void aMergedNameAlreadyTakenByTheSameEventsLetsTheSourcesGo() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    List<LogEvent> six = events(0, 6);
    SegmentKey s1 = new SegmentKey(ACME, HOUR, 0, 1, 3);
    SegmentKey s2 = new SegmentKey(ACME, HOUR, 0, 4, 6);
    a.append(s1, ArchiveSegments.encodeRows(six.subList(0, 3)));
    a.append(s2, ArchiveSegments.encodeRows(six.subList(3, 6)));
    ArchiveCompactor.Result r = new ArchiveCompactor(new Racing(a, ArchiveSegments.encode(six))).compact(ACME, HOUR);
    assertEquals(1, r.segmentsWritten());
    assertEquals(List.of(new SegmentKey(ACME, HOUR, 0, 1, 6)), a.list(ACME, HOUR, HOUR));
    assertEquals(six, read(a, a.list(ACME, HOUR, HOUR)));
  }

  @Test
  void aMergedNameAlreadyTakenByOtherEventsKeepsTheSources() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    List<LogEvent> six = events(0, 6);
    SegmentKey s1 = new SegmentKey(ACME, HOUR, 0, 1, 3);
    SegmentKey s2 = new SegmentKey(ACME, HOUR, 0, 4, 6);
    a.append(s1, ArchiveSegments.encodeRows(six.subList(0, 3)));
    a.append(s2, ArchiveSegments.encodeRows(six.subList(3, 6)));
    byte[] other = ArchiveSegments.encode(six.subList(0, 4));
    ArchiveCompactor.Result r = new ArchiveCompactor(new Racing(a, other)).compact(ACME, HOUR);
    assertEquals(0, r.segmentsWritten());
    assertTrue(a.get(s1).isPresent(), "sources kept");
    assertTrue(a.get(s2).isPresent(), "sources kept");
    assertFalse(java.util.Arrays.equals(ArchiveSegments.encode(six),
        a.get(new SegmentKey(ACME, HOUR, 0, 1, 6)).orElseThrow()));
  }
}
