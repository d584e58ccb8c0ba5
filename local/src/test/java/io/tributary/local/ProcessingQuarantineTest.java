package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.quarantine.DirectoryQuarantine;
import io.tributary.local.testing.TestFrames;
import io.tributary.parse.LogLineParser;
import io.tributary.pattern.MinerRegistry;
import io.tributary.process.BatchProcessor;
import io.tributary.process.BatchResult;
import io.tributary.process.Enricher;
import io.tributary.process.ProcessingLimits;
import io.tributary.process.SourceFrame;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import io.tributary.quarantine.QuarantinedFrame;
import io.tributary.query.LogQuery;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never skip, never stall: what processing cannot store goes to the quarantine, durably, with its
 * reason, and the rest of the batch is stored; a batch that keeps failing is isolated frame by
 * frame; a batch is written in sub-batches bounded by decoded bytes and events. Real local
 * adapters (block store, archive folder, quarantine folder).
 */
class ProcessingQuarantineTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

  @TempDir
  Path dir;
  private BlockStore blocks;
  private DirectoryArchiveStore archive;
  private DirectoryQuarantine quarantine;
  /** Every upsert the store received: its event count. */
  private final List<Integer> upserts = new ArrayList<>();
  /** Upserts with an event whose message holds "poison" fail, as a store refusing an item would. */
  private final LogStore store = new LogStore() {
    @Override
    public void upsert(List<LogEvent> events) throws IOException {
      throw new UnsupportedOperationException("rows are always given");
    }

    @Override
    public void upsert(List<LogEvent> events, io.tributary.frame.EncodedRows rows) throws IOException {
      upserts.add(events.size());
      for (LogEvent e : events) {
        if (e.message().contains("poison")) {
          throw new IOException("the store refuses event " + e.id());
        }
      }
      blocks.upsert(events, rows);
    }

    @Override
    public List<LogEvent> query(TenantId tenant, LogQuery query) throws IOException {
      return blocks.query(tenant, query);
    }

    @Override
    public void close() throws IOException {
      blocks.close();
    }
  };

  @BeforeEach
  void open() throws IOException {
    blocks = new BlockStore(dir.resolve("store"), false);
    archive = new DirectoryArchiveStore(dir.resolve("archive"));
    quarantine = new DirectoryQuarantine(dir.resolve("quarantine"));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  /** The client-id ledger processing claims ids in (one per test folder, shared by the test's processors). */
  private io.tributary.process.RepeatFilter repeats() {
    try {
      if (ledger == null) {
        ledger = new io.tributary.local.idempotency.FileClientIdLedger(dir.resolve("ids"), Clock.systemUTC(),
            java.time.Duration.ofHours(24), 1_000_000);
      }
      return new io.tributary.process.RepeatFilter(ledger);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private io.tributary.local.idempotency.FileClientIdLedger ledger;

  private BatchProcessor processor(ProcessingLimits limits) {
    return processor(limits, quarantine);
  }

  private BatchProcessor processor(ProcessingLimits limits, Quarantine q) {
    return new BatchProcessor(store, archive, new Enricher(), repeats(), q, limits, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Map<String, String> stored(TenantId tenant) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (LogEvent e : blocks.query(tenant, LogQuery.all(10_000))) {
      assertNull(out.put(e.id(), e.message()), "stored once: " + e.id());
    }
    return out;
  }

  private Map<String, Integer> archived(TenantId tenant) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    for (SegmentKey k : archive.list(tenant, 0, Long.MAX_VALUE / 4)) {
      for (LogEvent e : ArchiveSegments.decode(tenant, archive.get(k).orElseThrow())) {
        out.merge(e.id(), 1, Integer::sum);
      }
    }
    return out;
  }

  @Test
  void aFrameThatDoesNotDecodeIsQuarantinedWithItsReasonAndTheRestIsStored() throws Exception {
    byte[] garbage = TestFrames.garbage();
    byte[] damaged = TestFrames.damagedPayload(GLOBEX);
    List<SourceFrame> batch = List.of(
        new SourceFrame(2, 100, TestFrames.withIds(ACME, "m ", "a1", "a2")),
        new SourceFrame(2, 101, garbage),
        new SourceFrame(2, 102, damaged),
        new SourceFrame(2, 103, TestFrames.withIds(ACME, "m ", "a3")));
    BatchResult r = processor(ProcessingLimits.defaults()).process(batch);

    assertEquals(3, r.events());
    assertEquals(2, r.quarantinedFrames());
    assertEquals(Map.of("a1", "m a1", "a2", "m a2", "a3", "m a3"), stored(ACME));
    assertEquals(Map.of("a1", 1, "a2", 1, "a3", 1), archived(ACME));
    List<QuarantineEntry> held = quarantine.list();
    assertEquals(List.of(new QuarantineKey(2, 101), new QuarantineKey(2, 102)),
        held.stream().map(QuarantineEntry::key).toList());
    assertEquals(QuarantineReasons.CORRUPT_FRAME, held.get(0).reason());
    assertNull(held.get(0).tenant(), "garbage names no tenant");
    assertEquals(-1, held.get(0).events());
    assertEquals(QuarantineReasons.CORRUPT_FRAME, held.get(1).reason());
    assertEquals(GLOBEX, held.get(1).tenant(), "a damaged payload still has its header");
    assertTrue(held.get(1).message().contains("zstd"), held.get(1).message());
    assertEquals(NOW, held.get(1).quarantinedAt());
    assertArrayEquals(damaged, quarantine.get(new QuarantineKey(2, 102)).orElseThrow().frame(), "kept byte for byte");
  }

  @Test
  void aFrameWithUnreadableItemsKeepsItsReadableEventsAndIsQuarantinedForTheRest() throws Exception {
    BatchResult r = processor(ProcessingLimits.defaults()).process(List.of(
        new SourceFrame(0, 7, TestFrames.withUnreadableItem(ACME, "u1", "u2"))));
    assertEquals(2, r.events());
    assertEquals(Map.of("u1", "readable u1", "u2", "readable u2"), stored(ACME));
    QuarantineEntry e = quarantine.list().get(0);
    assertEquals(new QuarantineKey(0, 7), e.key());
    assertEquals(QuarantineReasons.UNREADABLE_EVENTS, e.reason());
    assertEquals(1, e.events(), "one item could not be read back");
    assertEquals(ACME, e.tenant());
  }

  @Test
  void aRedeliveredPoisonFrameIsQuarantinedOnce() throws Exception {
    BatchProcessor p = processor(ProcessingLimits.defaults());
    List<SourceFrame> batch = List.of(new SourceFrame(1, 5, TestFrames.garbage()),
        new SourceFrame(1, 6, TestFrames.withIds(ACME, "x ", "r1")));
    p.process(batch);
    p.process(batch);
    assertEquals(1, quarantine.list().size());
    assertEquals(1, p.quarantinedFrames(), "counted once");
    assertEquals(Map.of("r1", "x r1"), stored(ACME));
    assertEquals(Map.of("r1", 1), archived(ACME));
  }

  @Test
  void aBatchThatKeepsFailingIsRetriedFrameByFrameAndOnlyThePoisonIsQuarantined() throws Exception {
    BatchProcessor p = processor(new ProcessingLimits(2, 16 << 20, 65_536));
    byte[] poison = TestFrames.withIds(ACME, "poison ", "p1");
    List<SourceFrame> batch = List.of(
        new SourceFrame(0, 10, TestFrames.withIds(ACME, "ok ", "k1", "k2")),
        new SourceFrame(0, 11, poison),
        new SourceFrame(0, 12, TestFrames.withIds(GLOBEX, "ok ", "g1")));
    assertThrows(IOException.class, () -> p.process(batch, 0), "first delivery: the store refuses, nothing is done");
    assertThrows(IOException.class, () -> p.process(batch, 1), "second delivery: still the whole batch");
    assertTrue(quarantine.list().isEmpty(), "nothing is quarantined before the last attempt");

    BatchResult r = p.process(batch, 2);
    assertEquals(3, r.events());
    assertEquals(1, r.quarantinedFrames());
    assertEquals(Map.of("k1", "ok k1", "k2", "ok k2"), stored(ACME));
    assertEquals(Map.of("g1", "ok g1"), stored(GLOBEX));
    assertEquals(Map.of("k1", 1, "k2", 1), archived(ACME));
    QuarantineEntry e = quarantine.list().get(0);
    assertEquals(new QuarantineKey(0, 11), e.key());
    assertEquals(QuarantineReasons.STORE_FAILED, e.reason());
    assertEquals(3, e.attempts());
    assertEquals(1, e.events());
    assertTrue(e.message().contains("the store refuses"), e.message());
    assertArrayEquals(poison, quarantine.get(e.key()).orElseThrow().frame());
  }

  @Test
  void whenTheQuarantineCannotBeWrittenTheBatchFailsSoNothingIsCheckpointedPastIt() {
    Quarantine broken = new Quarantine() {
      @Override
      public boolean put(QuarantinedFrame frame) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public List<QuarantineEntry> list() {
        return List.of();
      }

      @Override
      public Optional<QuarantinedFrame> get(QuarantineKey key) {
        return Optional.empty();
      }

      @Override
      public boolean remove(QuarantineKey key) {
        return false;
      }

      @Override
      public void close() {
      }
    };
    BatchProcessor p = processor(ProcessingLimits.defaults(), broken);
    List<SourceFrame> batch = List.of(new SourceFrame(0, 1, TestFrames.garbage()));
    assertThrows(IOException.class, () -> p.process(batch, 0));
    assertThrows(IOException.class, () -> p.process(List.of(new SourceFrame(0, 2,
        TestFrames.withIds(ACME, "poison ", "p9"))), 10), "even on the last resort");
  }

  @Test
  void aFrameWhoseEnrichmentThrowsIsQuarantinedAndTheBatchGoesOn() throws Exception {
    LogLineParser real = new LogLineParser();
    Enricher failing = new Enricher((line, ref) -> {
      if (line.contains("explode")) {
        throw new IllegalStateException("parser bug on this line");
      }
      return real.parse(line, ref);
    }, new MinerRegistry());
    BatchProcessor p = new BatchProcessor(store, archive, failing, repeats(), quarantine, ProcessingLimits.defaults(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    byte[] text = TestFrames.body(ACME, io.tributary.frame.PayloadLayout.TEXT_BODY,
        "fine line\nthis line will explode\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    BatchResult r = p.process(List.of(new SourceFrame(0, 1, TestFrames.withIds(ACME, "before ", "b1")),
        new SourceFrame(0, 2, text), new SourceFrame(0, 3, TestFrames.withIds(ACME, "after ", "c1"))));
    assertEquals(2, r.events());
    assertEquals(Map.of("b1", "before b1", "c1", "after c1"), stored(ACME), "no event of the failed frame is half-stored");
    QuarantineEntry e = quarantine.list().get(0);
    assertEquals(QuarantineReasons.DECODE_FAILED, e.reason());
    assertEquals(2, e.events());
    assertTrue(e.message().contains("parser bug"), e.message());
  }

  @Test
  void aBatchIsWrittenInSubBatchesBoundedByEventsAndDecodedBytes() throws Exception {
    List<SourceFrame> batch = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      String[] ids = new String[30];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = "f" + f + "-" + i;
      }
      batch.add(new SourceFrame(0, f, TestFrames.withIds(ACME, "sub-batch event ", ids)));
    }
    BatchResult byEvents = processor(new ProcessingLimits(3, 16 << 20, 100)).process(batch);
    assertEquals(300, byEvents.events());
    assertEquals(4, byEvents.subBatches(), "3 frames of 30 events per sub-batch of at most 100");
    assertTrue(upserts.stream().allMatch(n -> n <= 100), upserts.toString());

    upserts.clear();
    int frameRaw = io.tributary.frame.FrameCodec.rawLength(batch.get(0).frame());
    BatchResult byBytes = processor(new ProcessingLimits(3, 2 * frameRaw + frameRaw / 2, 65_536))
        .process(batch.stream().map(s -> new SourceFrame(1, s.offset(), s.frame())).toList());
    assertEquals(5, byBytes.subBatches(), "two frames of " + frameRaw + " decoded bytes per sub-batch");
    assertEquals(300, stored(ACME).size(), "every event stored once");
  }

  @Test
  void aFrameLargerThanTheBoundIsProcessedAlone() throws Exception {
    AtomicInteger n = new AtomicInteger();
    List<SourceFrame> batch = List.of(
        new SourceFrame(0, 1, TestFrames.withIds(ACME, "small ", "s1")),
        new SourceFrame(0, 2, TestFrames.bomb(ACME, 5_000)),
        new SourceFrame(0, 3, TestFrames.withIds(ACME, "small ", "s2")));
    BatchResult r = processor(new ProcessingLimits(3, 1 << 16, 1_000)).process(batch);
    assertEquals(5_002, r.events());
    assertEquals(3, r.subBatches());
    assertEquals(List.of(1, 5_000, 1), upserts);
    n.set(blocks.query(ACME, LogQuery.all(10_000)).size());
    assertEquals(5_002, n.get());
  }
}
