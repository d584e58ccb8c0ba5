package io.tributary.local.blocks;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Run in a child JVM with a small heap by {@link BlockCompactionBoundsTest}: writes blocks of large,
 * incompressible events and compacts them with the default limits. Prints "compacted N events in
 * M blocks" and exits 0 when it fits; an OutOfMemoryError ends it otherwise.
 */
public final class CompactionUnderSmallHeap {

  private CompactionUnderSmallHeap() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int blocks = Integer.parseInt(args[1]);
    int perBlock = Integer.parseInt(args[2]);
    int eventBytes = Integer.parseInt(args[3]);
    TenantId tenant = TenantId.of("big");
    long t0 = 1_795_593_600_000_000_000L;
    Random random = new Random(42);
    char[] text = new char[eventBytes];
    try (BlockStore s = new BlockStore(dir, null, BlockStore.CompactionLimits.DEFAULT)) {
      int n = 0;
      for (int b = 0; b < blocks; b++) {
        List<LogEvent> batch = new ArrayList<>();
        for (int i = 0; i < perBlock; i++) {
          for (int k = 0; k < text.length; k++) {
            text[k] = (char) ('a' + random.nextInt(26));
          }
          batch.add(new LogEvent("e" + n, tenant, EventKind.STRUCTURED, t0 + n, t0 + n, Severity.INFO, null, "svc",
              "h", new String(text), Map.of(), null, null, null, null));
          n++;
        }
        s.upsert(batch);
      }
      s.compactNow();
      int after = s.blockCount(tenant);
      int found = 0;
      for (Block b : s.blocks(tenant)) {
        found += b.count;
      }
      // Read back a few, not all: the events themselves would not fit this heap at once.
      LogQuery q = LogQuery.all(5);
      for (LogEvent e : s.query(tenant, q)) {
        if (e.message().length() != eventBytes) {
          throw new AssertionError("an event changed size");
        }
      }
      System.out.println("compacted " + found + " events in " + after + " blocks");
    }
  }
}
