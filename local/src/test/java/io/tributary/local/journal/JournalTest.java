package io.tributary.local.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.EventLogContract;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest extends EventLogContract {

  private static final TenantId ACME = TenantId.of("acme");
  @TempDir
  Path dir;
  private final List<Journal> opened = new ArrayList<>();

  private Journal open(long segmentBytes) throws IOException {
    Journal j = new Journal(dir.resolve("journal"), 4, segmentBytes);
    opened.add(j);
    return j;
  }

  @Override
  protected EventLog log() throws IOException {
    return open(1 << 20);
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Journal j : opened) {
      j.close();
    }
  }

  private static Path lastSegment(Path partitionDir) throws IOException {
    try (Stream<Path> s = Files.list(partitionDir)) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  @Test
  void recoveryTruncatesATornTailAndKeepsWhatWasWhole() throws Exception {
    Journal j = open(1 << 20);
    int p = j.partitionFor(ACME);
    j.publish(ACME, List.of(bytes("one"), bytes("two"))).get(5, TimeUnit.SECONDS);
    j.close();
    Path seg = lastSegment(dir.resolve("journal").resolve(String.format("p-%04d", p)));
    long whole = Files.size(seg);
    // A record cut short by a crash: a header promising 100 bytes, and only 10 of them.
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer torn = ByteBuffer.allocate(18).putInt(100).putInt(12345).put(new byte[10]);
      torn.flip();
      ch.write(torn);
    }
    Journal again = open(1 << 20);
    assertEquals(whole, Files.size(seg), "torn tail truncated");
    again.publish(ACME, List.of(bytes("three"))).get(5, TimeUnit.SECONDS);
    try (PartitionConsumer c = again.consumer("g", p)) {
      List<String> got = drain(c, 3).stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
      assertEquals(List.of("one", "two", "three"), got);
    }
  }

  @Test
  void recoveryDropsARecordWhoseBytesDoNotMatchItsChecksum() throws Exception {
    Journal j = open(1 << 20);
    int p = j.partitionFor(ACME);
    j.publish(ACME, List.of(bytes("good"))).get(5, TimeUnit.SECONDS);
    j.publish(ACME, List.of(bytes("flipped"))).get(5, TimeUnit.SECONDS);
    j.close();
    Path seg = lastSegment(dir.resolve("journal").resolve(String.format("p-%04d", p)));
    byte[] all = Files.readAllBytes(seg);
    all[all.length - 1] ^= 0x55;
    Files.write(seg, all);
    Journal again = open(1 << 20);
    try (PartitionConsumer c = again.consumer("g", p)) {
      List<LogRecord> got = drain(c, 2);
      assertEquals(1, got.size());
      assertEquals("good", new String(got.get(0).payload(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void segmentsRollAndAreDeletedOnceEveryGroupHasPassedThem() throws Exception {
    Journal j = open(1 << 16);
    int p = j.partitionFor(ACME);
    PartitionConsumer fast = j.consumer("fast", p);
    PartitionConsumer slow = j.consumer("slow", p);
    byte[] frame = new byte[10_000];
    for (int i = 0; i < 40; i++) {
      j.publish(ACME, List.of(frame)).get(5, TimeUnit.SECONDS);
    }
    int segments = j.segmentCount(p);
    assertTrue(segments >= 5, "rolled into several segments: " + segments);
    List<LogRecord> all = drain(fast, 40);
    fast.commit(all.get(all.size() - 1).nextOffset());
    assertEquals(segments, j.segmentCount(p), "kept for the slow group");
    List<LogRecord> slowAll = drain(slow, 40);
    slow.commit(slowAll.get(slowAll.size() - 1).nextOffset());
    assertEquals(1, j.segmentCount(p), "only the active segment is left");
    j.publish(ACME, List.of(bytes("after"))).get(5, TimeUnit.SECONDS);
    assertEquals("after", new String(drain(fast, 1).get(0).payload(), StandardCharsets.UTF_8));
    fast.close();
    slow.close();
  }

  @Test
  void checkpointsSurviveARestart() throws Exception {
    Journal j = open(1 << 20);
    int p = j.partitionFor(ACME);
    j.publish(ACME, List.of(bytes("a"), bytes("b"))).get(5, TimeUnit.SECONDS);
    try (PartitionConsumer c = j.consumer("g", p)) {
      List<LogRecord> got = drain(c, 2);
      c.commit(got.get(0).nextOffset());
    }
    j.close();
    Journal again = open(1 << 20);
    try (PartitionConsumer c = again.consumer("g", p)) {
      assertEquals("b", new String(drain(c, 1).get(0).payload(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void manyConcurrentPublishesShareFsyncs() throws Exception {
    Journal j = open(1 << 24);
    int n = 2000;
    List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(j.publish(TenantId.of("t" + (i % 7)), List.of(bytes("e" + i))));
    }
    for (var f : futures) {
      f.get(10, TimeUnit.SECONDS);
    }
    long total = 0;
    for (int p = 0; p < j.partitions(); p++) {
      try (PartitionConsumer c = j.consumer("g", p)) {
        List<LogRecord> got = new ArrayList<>();
        List<LogRecord> batch;
        while (!(batch = c.poll(1 << 20, java.time.Duration.ofMillis(50))).isEmpty()) {
          got.addAll(batch);
        }
        total += got.size();
      }
    }
    assertEquals(n, total);
  }

  /** An fsync that fails while {@code failing} is set, and records the files it forced. */
  private static final class FaultyDisk implements Fsync {
    final AtomicBoolean failing = new AtomicBoolean();
    final List<Path> forced = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void force(Path file, FileChannel ch) throws IOException {
      if (failing.get()) {
        throw new IOException("simulated EIO");
      }
      ch.force(false);
      forced.add(file);
    }
  }

  private Journal open(FaultyDisk disk, Duration backoff) throws IOException {
    Journal j = new Journal(dir.resolve("journal"), 4, 1 << 20, disk, backoff);
    opened.add(j);
    return j;
  }

  private static String text(LogRecord r) {
    return new String(r.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void aFailedFsyncFailsThePartitionClosedAndNoLaterFsyncMarksItsBytesDurable() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    Journal j = open(disk, Duration.ofMillis(600));
    int p = j.partitionFor(ACME);
    TenantId other = TenantId.of("globex");
    assertTrue(j.partitionFor(other) != p, "the test needs a tenant on another partition");
    j.publish(ACME, List.of(bytes("acked-before"))).get(5, TimeUnit.SECONDS);
    disk.failing.set(true);
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> j.publish(ACME, List.of(bytes("fsync-failed"))).get(5, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof IOException, failed.toString());
    assertTrue(j.failed(p));
    disk.failing.set(false);
    // The disk works again, yet the partition stays closed: a successful fsync now would cover
    // the bytes whose fsync failed.
    assertThrows(ExecutionException.class,
        () -> j.publish(ACME, List.of(bytes("while-closed"))).get(5, TimeUnit.SECONDS));
    // Other partitions go on.
    j.publish(other, List.of(bytes("elsewhere"))).get(5, TimeUnit.SECONDS);
    // Once recovered from its files, the partition takes appends again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        j.publish(ACME, List.of(bytes("after-recovery"))).get(5, TimeUnit.SECONDS);
        break;
      } catch (ExecutionException e) {
        assertTrue(System.nanoTime() < deadline, "the partition did not recover: " + e.getCause());
        Thread.sleep(50);
      }
    }
    assertFalse(j.failed(p));
    try (PartitionConsumer c = j.consumer("g", p)) {
      assertEquals(List.of("acked-before", "after-recovery"), drain(c, 2).stream().map(JournalTest::text).toList());
      assertTrue(c.poll(1 << 20, java.time.Duration.ofMillis(100)).isEmpty(), "nothing that failed is ever read");
    }
    j.close();
    Journal again = open(1 << 20);
    try (PartitionConsumer c = again.consumer("g2", p)) {
      assertEquals(List.of("acked-before", "after-recovery"), drain(c, 2).stream().map(JournalTest::text).toList());
    }
  }

  @Test
  void failuresAroundSegmentRollsLoseNothingAcknowledged() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    Journal j = new Journal(dir.resolve("journal"), 4, 1 << 14, disk, Duration.ofMillis(100));
    opened.add(j);
    int p = j.partitionFor(ACME);
    List<String> acked = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // Every seventh publish meets a failing disk; segments roll every 16 KiB (about three records).
      disk.failing.set(i % 7 == 3);
      String text = "record-" + i + "-" + "x".repeat(5000);
      try {
        j.publish(ACME, List.of(bytes(text))).get(5, TimeUnit.SECONDS);
        acked.add(text);
      } catch (ExecutionException e) {
        disk.failing.set(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (j.failed(p) && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
    }
    assertTrue(acked.size() >= 40, "most were acknowledged: " + acked.size());
    assertTrue(j.segmentCount(p) > 5, "segments rolled: " + j.segmentCount(p));
    try (PartitionConsumer c = j.consumer("g", p)) {
      assertEquals(acked, drain(c, acked.size()).stream().map(JournalTest::text).toList());
    }
    j.close();
    Journal again = open(1 << 14);
    try (PartitionConsumer c = again.consumer("g2", p)) {
      assertEquals(acked, drain(c, acked.size()).stream().map(JournalTest::text).toList());
    }
  }

  @Test
  void theTailLeftByTheLastRunIsFsyncedAtOpenBeforeAnythingReadsIt() throws Exception {
    Journal j = open(1 << 20);
    int p = j.partitionFor(ACME);
    j.publish(ACME, List.of(bytes("one"))).get(5, TimeUnit.SECONDS);
    j.close();
    Path seg = lastSegment(dir.resolve("journal").resolve(String.format("p-%04d", p)));
    // Whole records a killed process wrote but never fsynced: they sit in the page cache only.
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.allocate(64);
      RecordFormat.write(b, bytes("unsynced"));
      b.flip();
      ch.write(b);
    }
    FaultyDisk disk = new FaultyDisk();
    Journal again = open(disk, Duration.ofSeconds(1));
    assertTrue(disk.forced.contains(seg), "the recovered tail was forced at open: " + disk.forced);
    try (PartitionConsumer c = again.consumer("g", p)) {
      assertEquals(List.of("one", "unsynced"), drain(c, 2).stream().map(JournalTest::text).toList());
    }
  }

  @Test
  void aJournalWhoseTailCannotBeMadeDurableAtOpenDoesNotOpen() throws Exception {
    Journal j = open(1 << 20);
    j.publish(ACME, List.of(bytes("one"))).get(5, TimeUnit.SECONDS);
    j.close();
    FaultyDisk disk = new FaultyDisk();
    disk.failing.set(true);
    assertThrows(IOException.class, () -> open(disk, Duration.ofSeconds(1)));
  }

  @Test
  void aCheckpointPastTheEndIsBroughtBackSoTheRecordsWrittenNextAreRead() throws Exception {
    Journal j = open(1 << 20);
    int p = j.partitionFor(ACME);
    j.publish(ACME, List.of(bytes("kept"), bytes("lost-1"), bytes("lost-2"))).get(5, TimeUnit.SECONDS);
    long keptEnd;
    try (PartitionConsumer c = j.consumer("process", p)) {
      List<LogRecord> got = drain(c, 3);
      keptEnd = got.get(0).nextOffset();
      c.commit(got.get(2).nextOffset());
    }
    j.close();
    // A second crash took a tail that had been treated as durable: the file ends after "kept",
    // while the checkpoint still counts the two records that are gone.
    Path seg = lastSegment(dir.resolve("journal").resolve(String.format("p-%04d", p)));
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(keptEnd);
    }
    Journal again = open(1 << 20);
    assertEquals(keptEnd, again.committedOffset("process", p), "the checkpoint is brought back to the end");
    again.publish(ACME, List.of(bytes("next"), bytes("and-next"))).get(5, TimeUnit.SECONDS);
    try (PartitionConsumer c = again.consumer("process", p)) {
      assertEquals(List.of("next", "and-next"), drain(c, 2).stream().map(JournalTest::text).toList());
    }
  }

  @Test
  void aCheckpointInsideARecordResumesAtThatRecord() throws Exception {
    Journal j = open(1 << 20);
    int p = j.partitionFor(ACME);
    j.publish(ACME, List.of(bytes("first"), bytes("second"))).get(5, TimeUnit.SECONDS);
    long second;
    try (PartitionConsumer c = j.consumer("process", p)) {
      second = drain(c, 2).get(1).offset();
      c.commit(second + 3);
    }
    j.close();
    Journal again = open(1 << 20);
    assertEquals(second, again.committedOffset("process", p));
    try (PartitionConsumer c = again.consumer("process", p)) {
      assertEquals(List.of("second"), drain(c, 1).stream().map(JournalTest::text).toList());
    }
  }

  @Test
  void everyFileTheJournalWritesIsOwnerOnly() throws Exception {
    Journal j = open(1 << 16);
    int p = j.partitionFor(ACME);
    try (PartitionConsumer c = j.consumer("process", p)) {
      for (int i = 0; i < 10; i++) {
        j.publish(ACME, List.of(new byte[10_000])).get(5, TimeUnit.SECONDS);
      }
      c.commit(drain(c, 10).get(9).nextOffset());
    }
    j.close();
    try (Stream<Path> all = Files.walk(dir.resolve("journal"))) {
      for (Path f : all.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        assertEquals(Files.isDirectory(f) ? "rwx------" : "rw-------", mode, f.toString());
        assertFalse(f.getFileName().toString().endsWith(".tmp"), "no temporary left: " + f);
      }
    }
    assertEquals("4", Files.readString(dir.resolve("journal/meta")).trim());
  }

  @Test
  void anEmptyMetaLeftByACrashAtFirstStartIsRewritten() throws Exception {
    open(1 << 20).close();
    Files.write(dir.resolve("journal/meta"), new byte[0]);
    Journal again = open(1 << 20);
    assertEquals(4, again.partitions());
    assertEquals("4", Files.readString(dir.resolve("journal/meta")).trim());
  }
}
