package io.tributary.local.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
}
