package io.tributary.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.local.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local trigger host: one reader per partition that nothing but close ends. An Error in a
 * call or in the consumer is logged, backed off and retried; one partition's failures do not stop
 * another; each attempt gets the retry count the Functions host would give.
 */
class EventHubTriggerHostTest {

  @TempDir
  Path dir;
  private Journal journal;
  private final FlakyFunction function = new FlakyFunction();
  private EventHubTriggerHost host;

  @BeforeEach
  void open() throws IOException {
    journal = new Journal(dir.resolve("journal"), 2, 1 << 20);
  }

  @AfterEach
  void close() throws Exception {
    if (host != null) {
      host.close();
    }
    journal.close();
  }

  private TenantId tenantOn(int partition) {
    for (int i = 0; ; i++) {
      TenantId t = TenantId.of("t" + i);
      if (journal.partitionFor(t) == partition) {
        return t;
      }
    }
  }

  private void publish(int partition, int frames) throws Exception {
    for (int i = 0; i < frames; i++) {
      journal.publish(tenantOn(partition), List.of(new byte[] {(byte) i})).get();
    }
  }

  private EventHubTriggerHost start(EventLog log) throws Exception {
    List<FunctionDefinition> defs = List.of(new FunctionDefinition("Flaky", FlakyFunction.class,
        FlakyFunction.class.getMethod("run", List.class, String.class, String.class,
            com.microsoft.azure.functions.ExecutionContext.class)));
    host = new EventHubTriggerHost(log, defs, c -> function, v -> v, 1 << 20);
    host.start();
    return host;
  }

  private void awaitCaughtUp(int partition, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (journal.committedOffset("flaky", partition) < journal.endOffset(partition)) {
      assertTrue(System.nanoTime() < deadline, "partition " + partition + " did not catch up");
      Thread.sleep(10);
    }
  }

  @Test
  void anErrorInOnePartitionNeitherEndsItsReaderNorStopsAnother() throws Exception {
    function.failWhen.put(0, n -> n < 3);
    publish(0, 2);
    publish(1, 2);
    start(journal);
    awaitCaughtUp(1, Duration.ofSeconds(10));
    awaitCaughtUp(0, Duration.ofSeconds(10));

    List<FlakyFunction.Call> p0 = function.calls.stream().filter(c -> c.partition() == 0).toList();
    assertEquals(List.of(0, 1, 2, 3), p0.stream().map(FlakyFunction.Call::retryCount).toList(),
        "each redelivery of the batch counts the failures before it");
    assertTrue(p0.stream().allMatch(c -> c.maxRetryCount() == -1));
    long p1Done = function.calls.stream().filter(c -> c.partition() == 1).mapToLong(FlakyFunction.Call::atNanos)
        .max().orElseThrow();
    assertTrue(p1Done < p0.get(3).atNanos(), "partition 1 went on while partition 0 was failing");

    publish(0, 1);
    awaitCaughtUp(0, Duration.ofSeconds(10));
    List<FlakyFunction.Call> after = function.calls.stream().filter(c -> c.partition() == 0).toList();
    assertEquals(0, after.get(after.size() - 1).retryCount(), "the next batch starts again from 0");
  }

  @Test
  void aStackOverflowOrAnyThrowableIsRetriedToo() throws Exception {
    function.failure = () -> new StackOverflowError();
    function.failWhen.put(1, n -> n == 0);
    publish(1, 1);
    start(journal);
    awaitCaughtUp(1, Duration.ofSeconds(10));
    assertEquals(2, function.calls.size());
  }

  @Test
  void aConsumerThatFailsIsReopenedAndReadingGoesOn() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    EventLog failingOnce = new EventLog() {
      @Override
      public int partitions() {
        return journal.partitions();
      }

      @Override
      public CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
        return journal.publish(tenant, frames);
      }

      @Override
      public PartitionConsumer consumer(String group, int partition) throws IOException {
        PartitionConsumer c = journal.consumer(group, partition);
        return new PartitionConsumer() {
          @Override
          public int partition() {
            return c.partition();
          }

          @Override
          public List<LogRecord> poll(int maxBytes, Duration timeout) throws IOException, InterruptedException {
            if (partition == 0 && polls.getAndIncrement() == 0) {
              throw new InternalError("the consumer broke (simulated)");
            }
            return c.poll(maxBytes, timeout);
          }

          @Override
          public void commit(long nextOffset) throws IOException {
            c.commit(nextOffset);
          }

          @Override
          public void rewind() throws IOException {
            c.rewind();
          }

          @Override
          public void close() throws IOException {
            c.close();
          }
        };
      }

      @Override
      public long endOffset(int partition) {
        return journal.endOffset(partition);
      }

      @Override
      public long committedOffset(String group, int partition) throws IOException {
        return journal.committedOffset(group, partition);
      }

      @Override
      public void close() {
      }
    };
    publish(0, 3);
    start(failingOnce);
    awaitCaughtUp(0, Duration.ofSeconds(10));
    assertTrue(polls.get() > 1);
  }

  @Test
  void closeStopsAReaderThatKeepsFailing() throws Exception {
    function.failWhen.put(0, n -> true);
    publish(0, 1);
    start(journal);
    Thread.sleep(300);
    long t0 = System.nanoTime();
    host.close();
    host = null;
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "close does not wait out the retries");
    assertEquals(0, journal.committedOffset("flaky", 0), "never checkpointed past the failing batch");
    assertTrue(function.calls.size() > 3, "retried meanwhile: " + function.calls.size());
  }
}
