package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} must do. An adapter's test extends this and supplies a fresh, empty
 * log per test.
 */
public abstract class EventLogContract {

  protected static final Duration WAIT = Duration.ofSeconds(5);
  private static final TenantId ACME = TenantId.of("acme");

  /** A new, empty log for this test; the subclass closes it after the test. */
  protected abstract EventLog log() throws Exception;

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Everything available on a partition for a group, polling until {@code expected} records came. */
  protected static List<LogRecord> drain(PartitionConsumer c, int expected) throws Exception {
    List<LogRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (out.size() < expected && System.nanoTime() < deadline) {
      out.addAll(c.poll(1 << 20, Duration.ofMillis(200)));
    }
    return out;
  }

  @Test
  public void publishedFramesAreConsumedInOrderFromTheTenantsPartition() throws Exception {
    EventLog log = log();
    log.publish(ACME, List.of(bytes("a"), bytes("b"))).get(5, TimeUnit.SECONDS);
    log.publish(ACME, List.of(bytes("c"))).get(5, TimeUnit.SECONDS);
    int p = log.partitionFor(ACME);
    try (PartitionConsumer c = log.consumer("g", p)) {
      List<LogRecord> got = drain(c, 3);
      assertEquals(List.of("a", "b", "c"), got.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList());
      for (int i = 1; i < got.size(); i++) {
        assertTrue(got.get(i).offset() >= got.get(i - 1).nextOffset(), "offsets increase");
        assertEquals(p, got.get(i).partition());
      }
    }
  }

  @Test
  public void aNewConsumerResumesAfterTheCommittedOffset() throws Exception {
    EventLog log = log();
    log.publish(ACME, List.of(bytes("1"), bytes("2"), bytes("3"))).get(5, TimeUnit.SECONDS);
    int p = log.partitionFor(ACME);
    try (PartitionConsumer c = log.consumer("g", p)) {
      List<LogRecord> got = drain(c, 3);
      c.commit(got.get(1).nextOffset());
    }
    try (PartitionConsumer c = log.consumer("g", p)) {
      List<LogRecord> got = drain(c, 1);
      assertEquals(1, got.size());
      assertArrayEquals(bytes("3"), got.get(0).payload());
    }
  }

  @Test
  public void uncommittedRecordsAreDeliveredAgainAfterRewind() throws Exception {
    EventLog log = log();
    log.publish(ACME, List.of(bytes("x"), bytes("y"))).get(5, TimeUnit.SECONDS);
    int p = log.partitionFor(ACME);
    try (PartitionConsumer c = log.consumer("g", p)) {
      assertEquals(2, drain(c, 2).size());
      c.rewind();
      List<LogRecord> again = drain(c, 2);
      assertEquals(2, again.size());
      assertArrayEquals(bytes("x"), again.get(0).payload());
    }
  }

  @Test
  public void consumerGroupsReadIndependently() throws Exception {
    EventLog log = log();
    log.publish(ACME, List.of(bytes("m"))).get(5, TimeUnit.SECONDS);
    int p = log.partitionFor(ACME);
    try (PartitionConsumer a = log.consumer("ga", p); PartitionConsumer b = log.consumer("gb", p)) {
      List<LogRecord> ra = drain(a, 1);
      a.commit(ra.get(0).nextOffset());
      assertEquals(1, drain(b, 1).size());
      assertEquals(0, log.lag("ga"));
      assertEquals(ra.get(0).nextOffset() - log.committedOffset("gb", p), log.lag("gb"));
    }
  }

  @Test
  public void lagCountsWhatAGroupHasNotCommitted() throws Exception {
    EventLog log = log();
    int p = log.partitionFor(ACME);
    try (PartitionConsumer c = log.consumer("lagger", p)) {
      long before = log.lag("lagger");
      log.publish(ACME, List.of(bytes("one"), bytes("two"))).get(5, TimeUnit.SECONDS);
      assertTrue(log.lag("lagger") > before, "lag grows with unconsumed records");
      List<LogRecord> got = drain(c, 2);
      c.commit(got.get(got.size() - 1).nextOffset());
      assertEquals(0, log.lag("lagger"));
    }
  }

  @Test
  public void lagsAreEachPartitionsOwnAndSumToTheLag() throws Exception {
    EventLog log = log();
    int p = log.partitionFor(ACME);
    log.publish(ACME, List.of(bytes("one"), bytes("two"))).get(5, TimeUnit.SECONDS);
    long[] lags = log.lags("by-partition");
    assertEquals(log.partitions(), lags.length);
    long sum = 0;
    for (int q = 0; q < lags.length; q++) {
      assertEquals(Math.max(0, log.endOffset(q) - log.committedOffset("by-partition", q)), lags[q], "partition " + q);
      sum += lags[q];
    }
    assertTrue(lags[p] > 0, "the tenant's partition lags");
    assertEquals(log.lag("by-partition"), sum);
  }

  @Test
  public void concurrentPublishersAreAllDurableAndKeepTheirOrder() throws Exception {
    EventLog log = log();
    int writers = 8;
    int perWriter = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            CompletableFuture<Void> f = log.publish(ACME, List.of(bytes(id + ":" + i)));
            f.get(10, TimeUnit.SECONDS);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (PartitionConsumer c = log.consumer("g", log.partitionFor(ACME))) {
      List<LogRecord> got = drain(c, writers * perWriter);
      assertEquals(writers * perWriter, got.size());
      int[] next = new int[writers];
      for (LogRecord r : got) {
        String[] parts = new String(r.payload(), StandardCharsets.UTF_8).split(":");
        int w = Integer.parseInt(parts[0]);
        assertEquals(next[w]++, Integer.parseInt(parts[1]), "each writer's frames arrive in its order");
      }
    }
  }
}
