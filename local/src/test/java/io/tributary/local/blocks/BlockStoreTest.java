package io.tributary.local.blocks;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.LogStoreContract;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.query.QueryTimeoutException;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreTest extends LogStoreContract {

  @TempDir
  Path dir;
  private final List<BlockStore> opened = new ArrayList<>();

  @Override
  protected LogStore store() throws IOException {
    return open(false);
  }

  @Override
  protected boolean scansColumns() {
    return true;
  }

  /** The contract's column-scan check again, its selections split in parts counted in parallel. */
  @Test
  void aColumnScanInParallelPartsCountsWhatAScanCounts() throws Exception {
    int before = BlockStore.partRows;
    BlockStore.partRows = 64;
    try {
      aColumnScanCountsWhatAScanCounts();
    } finally {
      BlockStore.partRows = before;
    }
  }

  @Override
  protected void settle(LogStore store) throws IOException {
    // Every block of the contract's few is small: merge them all, whatever their number.
    BlockStore s = (BlockStore) store;
    s.compactNow(new BlockStore.CompactionLimits(BlockStore.SMALL_BLOCK, 8L << 20, 2, 1_000_000, 256L << 20,
        32L << 20, BlockWriter.CHUNK_BYTES));
    assertEquals(1, s.blocks(ACME).size(), "compacted into one block");
  }

  private BlockStore open(boolean compact) throws IOException {
    BlockStore s = new BlockStore(dir.resolve("store"), compact);
    opened.add(s);
    return s;
  }

  @AfterEach
  void close() throws IOException {
    for (BlockStore s : opened) {
      s.close();
    }
  }

  private static List<LogEvent> batch(int from, int n) {
    List<LogEvent> l = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      l.add(event(ACME, String.format("id-%06d", i), T0 + i * 1_000_000L, Severity.ofCode(i % 6), "svc" + (i % 3),
          "h", "message number " + i + (i % 10 == 0 ? " timeout" : ""), Map.of("k", (long) (i % 7))));
    }
    return l;
  }

  @Test
  void compactionMergesSmallBlocksAndKeepsEveryEventOnce() throws Exception {
    BlockStore s = open(false);
    for (int b = 0; b < 20; b++) {
      s.upsert(batch(b * 100, 100));
    }
    s.upsert(batch(0, 100)); // a redelivered batch
    assertEquals(21, s.blockCount(ACME));
    assertEquals(2000, s.query(ACME, LogQuery.all(5000)).size(), "repeats show once before compaction");
    s.compactNow();
    assertTrue(s.blockCount(ACME) < 21, "merged: " + s.blockCount(ACME));
    List<LogEvent> all = s.query(ACME, LogQuery.all(5000));
    assertEquals(2000, all.size());
    assertEquals(batch(1999, 1).get(0), all.get(0));
    assertEquals(batch(0, 1).get(0), all.get(1999));
  }

  @Test
  void theFirstWriteOfAnIdWinsBeforeAndAfterCompactionWhateverBlockHoldsIt() throws Exception {
    BlockStore s = open(false);
    LogEvent first = event(ACME, "x", T0, Severity.INFO, "svc", "h", "old text", Map.of());
    s.upsert(List.of(first));
    for (int b = 0; b < 16; b++) {
      s.upsert(batch(1 + b * 10, 10));
    }
    // The same (time, id) again, later, with other content: a tamper or a changed retry.
    LogEvent later = new LogEvent("x", ACME, first.kind(), T0, first.ingestedNanos() + 5_000_000_000L, Severity.ERROR,
        null, "svc", "h", "new text", Map.of(), null, null, null, null);
    s.upsert(List.of(later));
    LogQuery one = new LogQuery(T0, T0 + 1, java.util.Set.of(), List.of(), List.of(), Map.of(), List.of(),
        io.tributary.query.Order.NEWEST, 10, null, Long.MAX_VALUE);
    assertEquals(List.of("old text"), s.query(ACME, one).stream().map(LogEvent::message).toList());
    s.compactNow();
    assertTrue(s.blockCount(ACME) < 18);
    // The merged block is the newest block now; the first write still wins.
    assertEquals(List.of("old text"), s.query(ACME, one).stream().map(LogEvent::message).toList());
    for (int b = 0; b < 16; b++) {
      s.upsert(batch(1000 + b * 10, 10));
    }
    s.upsert(List.of(later));
    s.compactNow();
    assertEquals(List.of("old text"), s.query(ACME, one).stream().map(LogEvent::message).toList());
    // An older copy arriving last (processing order is not ingest order) wins over both.
    LogEvent earliest = new LogEvent("x", ACME, first.kind(), T0, first.ingestedNanos() - 1, Severity.WARN,
        null, "svc", "h", "earliest text", Map.of(), null, null, null, null);
    s.upsert(List.of(earliest));
    assertEquals(List.of("earliest text"), s.query(ACME, one).stream().map(LogEvent::message).toList());
    s.close();
    opened.remove(s);
    BlockStore again = open(false);
    assertEquals(List.of("earliest text"), again.query(ACME, one).stream().map(LogEvent::message).toList());
  }

  @Test
  void copiesIngestedAtTheSameMomentResolveTheSameWayInEveryBlockOrder() throws Exception {
    LogEvent a = new LogEvent("x", ACME, io.tributary.event.EventKind.STRUCTURED, T0, T0 + 7, Severity.INFO, null,
        "svc", "h", "same frame", Map.of(), null, null, "p1", "t1");
    LogEvent b = new LogEvent("x", ACME, a.kind(), T0, T0 + 7, Severity.INFO, null, "svc", "h", "same frame",
        Map.of(), null, null, "p2", "t2");
    List<String> seen = new ArrayList<>();
    for (List<LogEvent> order : List.of(List.of(a, b), List.of(b, a))) {
      Path d = dir.resolve("order-" + seen.size());
      try (BlockStore s = new BlockStore(d, false)) {
        s.upsert(List.of(order.get(0)));
        s.upsert(List.of(order.get(1)));
        seen.add(s.query(ACME, LogQuery.all(10)).get(0).patternId());
      }
    }
    assertEquals(seen.get(0), seen.get(1));
  }

  @Test
  void blocksAMergedBlockReplacesAreDeletedAtOpenAfterACrashBetweenMergeAndDelete() throws Exception {
    BlockStore s = open(false);
    for (int b = 0; b < 16; b++) {
      s.upsert(batch(b * 10, 10));
    }
    s.compactNow();
    assertEquals(1, s.blockCount(ACME));
    // A crash before the merged-away blocks were deleted: they are all still on disk.
    s.close();
    opened.remove(s);
    Path day;
    try (var walk = Files.walk(dir.resolve("store"))) {
      day = walk.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow().getParent();
    }
    try (var files = Files.list(day)) {
      assertEquals(1, files.count(), "close deleted the merged-away blocks");
    }
    // Put the merged-away blocks back, as a crash would have left them.
    BlockStore fresh = new BlockStore(dir.resolve("other"), false);
    for (int b = 0; b < 16; b++) {
      fresh.upsert(batch(b * 10, 10));
    }
    fresh.close();
    try (var walk = Files.walk(dir.resolve("other"))) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".blk")).toList()) {
        Files.copy(f, day.resolve(f.getFileName()));
      }
    }
    BlockStore again = open(false);
    assertEquals(1, again.blockCount(ACME), "the replaced blocks are gone");
    assertEquals(160, again.query(ACME, LogQuery.all(1000)).size());
  }

  @Test
  void wordsMatchWholeWordsWhateverTheCaseAndScript() throws Exception {
    BlockStore s = open(false);
    String[] messages = {"Disk FULL on /var", "disk is fullish", "KELVIN \u212A scale", "İstanbul office", "full"};
    List<LogEvent> l = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      l.add(event(ACME, "w" + i, T0 + i, Severity.INFO, "svc", "h", messages[i], Map.of()));
    }
    s.upsert(l);
    for (String[] c : new String[][] {{"full", "2"}, {"disk", "2"}, {"k", "1"}, {"istanbul", "1"}, {"fullish", "1"}}) {
      LogQuery q = LogQuery.all(10);
      q = new LogQuery(q.fromNanos(), q.toNanos(), q.severities(), q.services(), q.hosts(), q.attributes(),
          List.of(c[0]), q.order(), 10, null, Long.MAX_VALUE);
      long expected = l.stream().filter(e -> io.tributary.query.Words.of(e.message()).contains(c[0])).count();
      assertEquals(Long.parseLong(c[1]), expected, "the test's own expectation for " + c[0]);
      assertEquals(expected, s.query(ACME, q).size(), "word " + c[0]);
    }
  }

  @Test
  void blocksSurviveARestartAndHalfWrittenFilesAreDropped() throws Exception {
    BlockStore s = open(false);
    s.upsert(batch(0, 500));
    s.close();
    opened.remove(s);
    Path dayDir;
    try (var walk = Files.walk(dir.resolve("store"))) {
      dayDir = walk.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow().getParent();
    }
    Files.write(dayDir.resolve("00000000000000000099.blk.tmp"), new byte[] {1, 2, 3});
    BlockStore again = open(false);
    assertEquals(500, again.query(ACME, LogQuery.all(1000)).size());
    try (var list = Files.list(dayDir)) {
      assertTrue(list.noneMatch(p -> p.toString().endsWith(".tmp")));
    }
    again.upsert(batch(500, 10));
    assertEquals(510, again.query(ACME, LogQuery.all(1000)).size());
  }

  @Test
  void aWordThatNoBlockHoldsReadsNoRows() throws Exception {
    BlockStore s = open(false);
    s.upsert(batch(0, 1000));
    LogQuery q = LogQuery.all(10);
    LogQuery none = new LogQuery(q.fromNanos(), q.toNanos(), q.severities(), q.services(), q.hosts(), q.attributes(),
        List.of("nonexistentword"), q.order(), 10, null, Long.MAX_VALUE);
    assertEquals(0, s.query(ACME, none).size());
    LogQuery timeouts = new LogQuery(q.fromNanos(), q.toNanos(), q.severities(), q.services(), q.hosts(),
        Map.of("k", "3"), List.of("timeout"), q.order(), 1000, null, Long.MAX_VALUE);
    long expected = batch(0, 1000).stream().filter(e -> e.message().endsWith("timeout")
        && e.attributes().get("k").equals(3L)).count();
    assertTrue(expected > 0);
    assertEquals(expected, s.query(ACME, timeouts).size());
    assertEquals(0, s.query(TenantId.of("other"), LogQuery.all(10)).size());
  }

  @Test
  void chunksWhoseFilterRulesOutTheWordsAreSkippedAndNothingIsMissed() throws Exception {
    List<LogEvent> events = batch(0, 5 * BlockWriter.CHUNK_ROWS);
    // A rare word in three rows, all of them in the same (the third) chunk once sorted by time.
    int base = 2 * BlockWriter.CHUNK_ROWS;
    for (int i : new int[] {base + 5, base + 100, base + 400}) {
      LogEvent e = events.get(i);
      events.set(i, event(ACME, e.id(), e.timeNanos(), e.severity(), e.service(), e.host(),
          e.message() + " unexpected", e.attributes()));
    }
    BlockStore s = open(false);
    s.upsert(events);
    Block block = s.blocks(ACME).get(0);
    TokenFilter[] filters = block.chunkFilters();
    boolean[] may = new boolean[filters.length];
    for (int c = 0; c < may.length; c++) {
      may[c] = Block.mayHoldAll(filters[c], new long[] {io.tributary.query.Words.hash("unexpected")});
    }
    assertEquals(5, may.length);
    assertTrue(may[2]);
    int skipped = 0;
    for (boolean m : may) {
      skipped += m ? 0 : 1;
    }
    assertTrue(skipped >= 3, "chunks ruled out: " + skipped);
    LogQuery q = LogQuery.all(10);
    LogQuery rare = new LogQuery(q.fromNanos(), q.toNanos(), q.severities(), q.services(), q.hosts(), q.attributes(),
        List.of("unexpected"), q.order(), 10, null, Long.MAX_VALUE);
    List<LogEvent> got = s.query(ACME, rare);
    assertEquals(List.of(events.get(base + 400), events.get(base + 100), events.get(base + 5)), got);
  }

  @Test
  void blocksOfVersionsOneAndTwoWithSeveralChunksAreStillRead() throws Exception {
    for (int version : new int[] {1, 2}) {
      Path storeDir = dir.resolve("v" + version);
      BlockStore s = new BlockStore(storeDir, false);
      List<LogEvent> events = batch(0, 900); // two chunks, and within one query page
      s.upsert(events);
      s.close();
      Path file;
      try (var walk = Files.walk(storeDir)) {
        file = walk.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow();
      }
      Files.write(file, asVersion(version, Files.readAllBytes(file)));
      try (BlockStore again = new BlockStore(storeDir, false)) {
        LogQuery q = LogQuery.all(1000);
        LogQuery timeouts = new LogQuery(q.fromNanos(), q.toNanos(), q.severities(), q.services(), q.hosts(),
            q.attributes(), List.of("timeout"), q.order(), 1000, null, Long.MAX_VALUE);
        assertEquals(events.stream().filter(e -> e.message().endsWith("timeout")).count(),
            again.query(ACME, timeouts).size(), "version " + version);
        assertEquals(events.size(), again.query(ACME, q).size());
      }
    }
  }

  /**
   * A block of the current version (uniform chunks, one frame each) laid out as the version 1 or 2 writer did:
   * header first, five columns (no key column), no row count per chunk, no merge sources; version
   * 1 also without the chunk filters.
   */
  static byte[] asVersion(int version, byte[] v3) {
    int size = v3.length;
    int headerLength = java.nio.ByteBuffer.wrap(v3, size - 8, 4).getInt();
    int headerAt = size - 8 - headerLength;
    io.tributary.frame.ByteReader h = new io.tributary.frame.ByteReader(v3, headerAt, headerLength);
    io.tributary.frame.ByteWriter out = new io.tributary.frame.ByteWriter(headerLength);
    int from = h.position();
    h.readVarInt();
    for (int i = 0; i < 4; i++) {
      h.readLong();
    }
    h.readVarInt();
    for (int d = 0; d < 2; d++) {
      int names = h.readVarInt();
      for (int i = 0; i < names; i++) {
        h.readNullableString();
      }
    }
    TokenFilter.read(h);
    h.readVarInt();
    out.writeBytes(v3, from, h.position() - from);
    h.readVarInt(); // rows of a frame (version 5 on): a batch's block is one frame per chunk
    from = h.position();
    for (int i = 0; i < 15; i++) {
      h.readVarLong();
    }
    out.writeBytes(v3, from, h.position() - from);
    for (int i = 0; i < 3; i++) {
      h.readVarLong(); // the key column, which those versions did not have
    }
    int chunks = h.readVarInt();
    out.writeVarInt(chunks);
    for (int c = 0; c < chunks; c++) {
      for (int k = 0; k < 3; k++) {
        out.writeVarLong(h.readVarLong());
      }
      h.readVarInt();
    }
    for (int k = 0; k < 3; k++) {
      long v = h.readVarLong();
      if (version == 2) {
        out.writeVarLong(v);
      }
    }
    io.tributary.frame.ByteWriter file = new io.tributary.frame.ByteWriter(size);
    file.writeBytes(v3, 0, 4);
    file.writeByte(version);
    file.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(out.size()).array(), 0, 4);
    file.writeBytes(out.array(), 0, out.size());
    file.writeBytes(v3, BlockWriter.DATA_START, headerAt - BlockWriter.DATA_START);
    return file.toByteArray();
  }
  @Test
  void aScanOfOneLargeBlockLooksAtTheDeadlineAsItGoesAndStops() throws Exception {
    BlockStore s = open(false);
    s.upsert(batch(0, 50_000));
    assertEquals(1, s.blockCount(ACME));
    // Each look at the clock moves it on a second: the deadline, 5 s away, passes within the block.
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
    QueryDeadline d = QueryDeadline.after(java.time.Duration.ofSeconds(5), () -> {
      looks.incrementAndGet();
      return now.getAndAdd(1_000_000_000L);
    });
    org.junit.jupiter.api.Assertions.assertThrows(QueryTimeoutException.class,
        () -> s.query(ACME, LogQuery.all(50_001), d));
    assertTrue(looks.get() >= 6, "looked " + looks.get() + " times");
  }
}
