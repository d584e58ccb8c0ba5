package io.tributary.local.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block compaction is bounded by bytes, streams its output, and its schedule outlives any failure;
 * it waits while processing is behind, but only so long and only up to so many small blocks.
 */
class BlockCompactionBoundsTest {

  private static final TenantId BIG = TenantId.of("big");
  private static final long T0 = 1_795_593_600_000_000_000L;

  @TempDir
  Path dir;

  private static List<LogEvent> events(int from, int n, int bytes) {
    List<LogEvent> out = new ArrayList<>();
    java.util.Random r = new java.util.Random(from);
    for (int i = from; i < from + n; i++) {
      char[] text = new char[bytes];
      for (int k = 0; k < bytes; k++) {
        text[k] = (char) ('a' + r.nextInt(26));
      }
      out.add(new LogEvent("e" + i, BIG, EventKind.STRUCTURED, T0 + i, T0 + i, Severity.INFO, null, "svc", "h",
          new String(text), Map.of(), null, null, null, null));
    }
    return out;
  }

  @Test
  void aMergeOfLargeEventsTakesAsManyBlocksAsItsMemoryAllowsAndWritesChunksOfBoundedBytes() throws Exception {
    int chunkBytes = 64 << 10;
    int rowBytes = 20 << 10;
    long oneBlockChunk = 40L * (rowBytes + 64); // 40 rows of 20 KiB: one chunk of about 800 KiB a block
    // Each block's share: its chunk and its (one-word-per-event, so tiny) part of the token filter.
    BlockStore.CompactionLimits limits = new BlockStore.CompactionLimits(BlockStore.SMALL_BLOCK, 8L << 20, 2,
        1_000_000, 256L << 20, (long) (3.5 * oneBlockChunk), chunkBytes);
    try (BlockStore s = new BlockStore(dir, null, limits)) {
      for (int b = 0; b < 10; b++) {
        s.upsert(events(b * 40, 40, rowBytes));
      }
      List<Block> planned = BlockStore.plan(s.blocks(BIG), limits);
      assertEquals(3, planned.size(), "three blocks' chunks fit the merge's memory, four do not");
      assertTrue(planned.stream().mapToLong(b -> b.largestChunk + 3 * b.filter.estimatedTokens()).sum()
          <= limits.mergeMemoryBytes());
      s.compactNow();
      Block merged = s.blocks(BIG).stream().filter(b -> b.mergedFrom.length > 0).findFirst().orElseThrow();
      assertEquals(120, merged.count);
      assertTrue(merged.largestChunk <= chunkBytes + rowBytes + 64,
          "the merged block's chunks close by bytes, not at 512 rows: " + merged.largestChunk);
      List<LogEvent> all = new ArrayList<>(s.query(BIG, LogQuery.all(1000)));
      java.util.Collections.reverse(all);
      assertEquals(400, all.size());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        ids.add("e" + i);
      }
      assertEquals(ids, all.stream().map(LogEvent::id).toList());
      assertTrue(all.stream().allMatch(e -> e.message().length() == rowBytes), "every event whole");
    }
  }

  @Test
  void compactionOfLargeEventsFitsInASmallHeap() throws Exception {
    // 16 blocks of 20 events of 256 KiB (80 MiB, incompressible) merged in a 96 MiB heap; holding
    // the merged block in memory, as compaction did, needs several times that.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
        "-cp", cp, CompactionUnderSmallHeap.class.getName(), dir.resolve("store").toString(), "16", "20",
        Integer.toString(256 << 10)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child finished");
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("compacted 320 events in 1 blocks"), out);
  }

  @Test
  void theCompactionScheduleSurvivesAnErrorEscapingAMerge() throws Exception {
    BlockStore.CompactionLimits limits = new BlockStore.CompactionLimits(BlockStore.SMALL_BLOCK, 8L << 20, 2,
        1_000_000, 256L << 20, 32L << 20, BlockWriter.CHUNK_BYTES);
    try (BlockStore s = new BlockStore(dir, Duration.ofMillis(50), limits)) {
      AtomicInteger calls = new AtomicInteger();
      s.mergeHook = blocks -> {
        if (calls.incrementAndGet() <= 2) {
          throw new OutOfMemoryError("injected: Java heap space");
        }
      };
      for (int b = 0; b < 4; b++) {
        s.upsert(events(b * 10, 10, 100));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (s.blockCount(BIG) > 1) {
        assertTrue(System.nanoTime() < deadline, "compaction ran again after the error: " + s.blockCount(BIG)
            + " blocks, " + calls.get() + " merges tried");
        Thread.sleep(20);
      }
      assertTrue(calls.get() >= 3, "the errors were thrown: " + calls.get());
      assertEquals(40, s.query(BIG, LogQuery.all(100)).size());
    }
  }

  @Test
  void whileProcessingIsBehindCompactionWaitsAndMergesOnceItCaughtUp() throws Exception {
    BlockStore.CompactionLimits limits = new BlockStore.CompactionLimits(BlockStore.SMALL_BLOCK, 8L << 20, 2,
        1_000_000, 256L << 20, 32L << 20, BlockWriter.CHUNK_BYTES);
    try (BlockStore s = new BlockStore(dir, null, limits)) {
      java.util.concurrent.atomic.AtomicBoolean behind = new java.util.concurrent.atomic.AtomicBoolean(true);
      s.deferCompactionWhile(behind::get);
      for (int b = 0; b < 4; b++) {
        s.upsert(events(b * 10, 10, 100));
      }
      s.compactRound();
      assertEquals(4, s.blockCount(BIG), "nothing merged while processing is behind");
      behind.set(false);
      s.compactRound();
      assertEquals(1, s.blockCount(BIG), "merged once processing caught up");
      assertEquals(40, s.query(BIG, LogQuery.all(100)).size());
    }
  }

  @Test
  void aDayWithTooManySmallBlocksIsMergedEvenWhileProcessingIsBehind() throws Exception {
    BlockStore.CompactionLimits limits = new BlockStore.CompactionLimits(BlockStore.SMALL_BLOCK, 8L << 20, 2,
        1_000_000, 256L << 20, 32L << 20, BlockWriter.CHUNK_BYTES);
    try (BlockStore s = new BlockStore(dir, null, limits)) {
      s.deferCompactionWhile(() -> true);
      int many = BlockStore.DEFERRED_SMALL_BLOCKS * limits.mergeWhen();
      for (int b = 0; b < many - 1; b++) {
        s.upsert(events(b * 10, 10, 100));
      }
      s.compactRound();
      assertEquals(many - 1, s.blockCount(BIG), "under the cap: waits");
      s.upsert(events(1000, 10, 100));
      s.compactRound();
      assertEquals(1, s.blockCount(BIG), "at the cap: merged anyway");
      assertEquals(10 * many, s.query(BIG, LogQuery.all(1000)).size());
    }
  }

  @Test
  void compactionWaitsForProcessingAtMostTheLongestDeferral() throws Exception {
    try (BlockStore s = new BlockStore(dir, null, BlockStore.CompactionLimits.DEFAULT)) {
      s.deferCompactionWhile(() -> true);
      long t0 = 5_000_000_000L;
      long max = BlockStore.MAX_DEFERRAL.toNanos();
      assertTrue(s.deferring(t0));
      assertTrue(s.deferring(t0 + max - 1), "still within the longest deferral");
      assertTrue(!s.deferring(t0 + max), "then a round runs anyway");
      assertTrue(s.deferring(t0 + max + 1), "and the next wait starts over");
      s.deferCompactionWhile(() -> false);
      assertTrue(!s.deferring(t0 + max + 2), "caught up: no wait");
    }
  }
}
