package io.tributary.local.archive;

import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.ArchiveReader;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Run in a child JVM with a small heap by {@link ArchiveCompactorTest}: writes segments of large,
 * incompressible events and compacts them with a byte bound. Prints what it did and exits 0 when
 * it fits; an OutOfMemoryError ends it otherwise.
 */
public final class ArchiveCompactionUnderSmallHeap {

  private ArchiveCompactionUnderSmallHeap() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int segments = Integer.parseInt(args[1]);
    int perSegment = Integer.parseInt(args[2]);
    int eventBytes = Integer.parseInt(args[3]);
    long maxBytes = Long.parseLong(args[4]);
    TenantId tenant = TenantId.of("big");
    long hour = 490_000;
    long t0 = hour * 3_600_000_000_000L;
    Random random = new Random(7);
    StringBuilder text = new StringBuilder(eventBytes);
    DirectoryArchiveStore store = new DirectoryArchiveStore(dir);
    int n = 0;
    for (int s = 0; s < segments; s++) {
      List<LogEvent> batch = new ArrayList<>();
      for (int i = 0; i < perSegment; i++) {
        text.setLength(0);
        while (text.length() < eventBytes) {
          // Words with digits: each is a variable of the message, so the bytes go to a column.
          text.append((char) ('a' + random.nextInt(26))).append(random.nextInt(1_000_000)).append(' ');
        }
        batch.add(new LogEvent("e" + n, tenant, EventKind.STRUCTURED, t0 + n, t0 + n, Severity.INFO, null, "svc",
            "h", text.toString(), Map.of(), null, null, null, null));
        n++;
      }
      store.append(new SegmentKey(tenant, hour, 0, s, s), ArchiveSegments.encodeRows(batch));
    }
    ArchiveCompactor.Result r = new ArchiveCompactor(store, ArchiveCompactor.MAX_EVENTS, maxBytes).compact(tenant, hour);
    long[] read = new long[1];
    ArchiveReader.Stats stats = new ArchiveReader(store).read(tenant, hour, hour, e -> read[0]++);
    System.out.println("merged " + r.segmentsMerged() + " into " + r.segmentsWritten() + "; read " + read[0]
        + " events from " + stats.segments() + " segments");
  }
}
