package io.tributary.local.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.archive.ArchiveReader;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way to read the archive: covered segments hidden, each event once, the first write of it. */
class ArchiveReaderTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final long HOUR = 490_000;

  @TempDir
  Path dir;

  private static LogEvent event(String id, long ingested, String message) {
    return new LogEvent(id, ACME, io.tributary.event.EventKind.STRUCTURED, TestEvents.T0, ingested,
        io.tributary.event.Severity.INFO, null, "svc", "h", message, java.util.Map.of(), null, null, null, null);
  }

  private static List<String> messages(List<LogEvent> events) {
    return events.stream().map(LogEvent::message).toList();
  }

  @Test
  void aRetriedEventIsReadOnceAsItWasFirstWritten() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    a.append(new SegmentKey(ACME, HOUR, 0, 10, 10), ArchiveSegments.encodeRows(List.of(
        event("a", 1, "a first"), event("b", 1, "b"))));
    // The client's retry after a lost 202, and a repeat with other content, in later frames.
    a.append(new SegmentKey(ACME, HOUR, 0, 20, 20), ArchiveSegments.encodeRows(List.of(
        event("a", 2, "a retried"), event("c", 2, "c"))));
    a.append(new SegmentKey(ACME, HOUR + 1, 0, 30, 30), ArchiveSegments.encodeRows(List.of(event("a", 3, "a again"))));
    List<LogEvent> got = new ArrayList<>();
    ArchiveReader.Stats stats = new ArchiveReader(a).read(ACME, HOUR, HOUR + 1, got::add);
    assertEquals(List.of("a first", "b", "c"), messages(got));
    assertEquals(new ArchiveReader.Stats(3, 0, 3, 2), stats);
  }

  @Test
  void segmentsAStoppedCompactionLeftBehindTheMergedOneAreNotRead() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    a.append(new SegmentKey(ACME, HOUR, 0, 1, 1), ArchiveSegments.encodeRows(List.of(event("x", 1, "x"))));
    a.append(new SegmentKey(ACME, HOUR, 0, 2, 2), ArchiveSegments.encodeRows(List.of(event("y", 1, "y"))));
    // The merged segment, written before a crash stopped the compaction from deleting its sources;
    // were the sources read too, a reader that did not de-duplicate would count every event twice.
    a.append(new SegmentKey(ACME, HOUR, 0, 1, 2), ArchiveSegments.encode(List.of(event("x", 1, "x"),
        event("y", 1, "y"))));
    List<LogEvent> got = new ArrayList<>();
    ArchiveReader.Stats stats = new ArchiveReader(a).read(ACME, HOUR, HOUR, got::add);
    assertEquals(List.of("x", "y"), messages(got));
    assertEquals(new ArchiveReader.Stats(1, 2, 2, 0), stats);
  }

  @Test
  void aSegmentACompactionDeletesWhileItIsReadIsMadeUpForByTheOneCoveringIt() throws Exception {
    DirectoryArchiveStore inner = new DirectoryArchiveStore(dir);
    SegmentKey s1 = new SegmentKey(ACME, HOUR, 0, 1, 1);
    SegmentKey s2 = new SegmentKey(ACME, HOUR, 0, 2, 2);
    inner.append(s1, ArchiveSegments.encodeRows(List.of(event("x", 1, "x"))));
    inner.append(s2, ArchiveSegments.encodeRows(List.of(event("y", 1, "y"))));
    // A compaction merges both and deletes them right after the reader listed them.
    ArchiveStore racing = new ArchiveStore() {
      boolean compacted;

      @Override
      public boolean append(SegmentKey key, byte[] content) throws IOException {
        return inner.append(key, content);
      }

      @Override
      public List<SegmentKey> list(TenantId tenant, long from, long to) throws IOException {
        return inner.list(tenant, from, to);
      }

      @Override
      public boolean delete(SegmentKey key) throws IOException {
        return inner.delete(key);
      }

      @Override
      public Optional<byte[]> get(SegmentKey key) throws IOException {
        if (!compacted && key.equals(s2)) {
          compacted = true;
          inner.append(new SegmentKey(ACME, HOUR, 0, 1, 2), ArchiveSegments.encode(List.of(event("x", 1, "x"),
              event("y", 1, "y"))));
          inner.delete(s1);
          inner.delete(s2);
        }
        return inner.get(key);
      }

      @Override
      public void close() {
      }
    };
    List<LogEvent> got = new ArrayList<>();
    new ArchiveReader(racing).read(ACME, HOUR, HOUR, got::add);
    assertEquals(List.of("x", "y"), messages(got));
  }

  @Test
  void segmentsNamedOnTheCommandLineFollowTheSameRules() throws Exception {
    DirectoryArchiveStore a = new DirectoryArchiveStore(dir);
    SegmentKey s1 = new SegmentKey(ACME, HOUR, 0, 1, 1);
    SegmentKey s2 = new SegmentKey(ACME, HOUR, 0, 2, 2);
    SegmentKey merged = new SegmentKey(ACME, HOUR, 0, 1, 2);
    SegmentKey retry = new SegmentKey(ACME, HOUR, 0, 3, 3);
    a.append(s1, ArchiveSegments.encodeRows(List.of(event("x", 1, "x"))));
    a.append(s2, ArchiveSegments.encodeRows(List.of(event("y", 1, "y"))));
    a.append(merged, ArchiveSegments.encode(List.of(event("x", 1, "x"), event("y", 1, "y"))));
    a.append(retry, ArchiveSegments.encodeRows(List.of(event("y", 2, "y retried"), event("z", 2, "z"))));
    List<ArchiveReader.Segment> named = new ArrayList<>();
    for (SegmentKey k : List.of(retry, s2, merged, s1)) {
      named.add(io.tributary.local.MainAccess.segmentAt(dir.resolve(k.name())));
    }
    List<LogEvent> got = new ArrayList<>();
    ArchiveReader.Stats stats = ArchiveReader.read(named, got::add);
    assertEquals(List.of("x", "y", "z"), messages(got));
    assertEquals(new ArchiveReader.Stats(2, 2, 3, 1), stats);
    assertEquals(ACME, got.get(0).tenant());
  }
}
