package io.tributary.functions.azure;

import static io.tributary.functions.testing.FunctionAppFixture.ingest;
import static io.tributary.functions.testing.FunctionAppFixture.lines;
import static io.tributary.functions.testing.FunctionAppFixture.post;
import static io.tributary.functions.testing.FunctionAppFixture.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.testing.FakeHttpResponse;
import io.tributary.functions.testing.FunctionAppFixture;
import io.tributary.ingest.IngestGate;
import io.tributary.ingest.LagRefresher;
import io.tributary.json.Json;
import io.tributary.limits.InProcessRateLimiter;
import io.tributary.testing.InMemoryEventLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The deployed app's backpressure ({@link AzureFunctionAppFactory#gate}): the heaviest writer of a
 * partition lagging more frames than TRIBUTARY_MAX_LAG_FRAMES is answered 503 while a light writer
 * of the same partition and the tenants of other partitions keep getting 202; the lags are read
 * on a background thread, never by a request, and a failed reading keeps the last one.
 */
class AzureBackpressureTest {

  /**
   * An event log whose offsets can be made unreadable, and which notes the threads that read them
   * (as Event Hubs' do, each reading would be a network call).
   */
  static final class WatchedEventLog implements EventLog {
    final InMemoryEventLog log = new InMemoryEventLog(4);
    final Set<String> readers = ConcurrentHashMap.newKeySet();
    volatile boolean unreadable;

    private void read() throws IOException {
      readers.add(Thread.currentThread().getName());
      if (unreadable) {
        throw new IOException("cannot list the checkpoints (simulated)");
      }
    }

    @Override
    public int partitions() {
      return log.partitions();
    }

    @Override
    public CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
      return log.publish(tenant, frames);
    }

    @Override
    public PartitionConsumer consumer(String group, int partition) {
      return log.consumer(group, partition);
    }

    @Override
    public long endOffset(int partition) throws IOException {
      read();
      return log.endOffset(partition);
    }

    @Override
    public long committedOffset(String group, int partition) throws IOException {
      read();
      return log.committedOffset(group, partition);
    }

    @Override
    public void close() {
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < until, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  /** A tenant of {@code log} whose partition is (or, with {@code same} false, is not) {@code of}'s. */
  private static String tenantBeside(EventLog log, String of, boolean same) {
    for (int i = 0; ; i++) {
      boolean shares = log.partitionFor(TenantId.of("t" + i)) == log.partitionFor(TenantId.of(of));
      if (shares == same) {
        return "t" + i;
      }
    }
  }

  private static void awaitFreshReading(LagRefresher refresher) throws InterruptedException {
    long seen = refresher.refreshes();
    await(() -> refresher.refreshes() >= seen + 2, "a reading made after now");
  }

  @Test
  void theHeavyWriterOfALaggingPartitionWaitsWhileItsNeighboursAndOtherPartitionsWrite() throws Exception {
    WatchedEventLog log = new WatchedEventLog();
    Map<String, String> m = FunctionAppFixture.settings();
    m.put("TRIBUTARY_MAX_LAG_FRAMES", "5");
    m.put("TRIBUTARY_LAG_REFRESH_MS", "100");
    Settings s = Settings.from(m);
    List<AutoCloseable> resources = new ArrayList<>();
    IngestGate gate = AzureFunctionAppFactory.gate(s, log, resources);
    LagRefresher refresher = (LagRefresher) resources.get(resources.size() - 1);
    String heavy = "acme";
    String light = tenantBeside(log, heavy, true);
    String other = tenantBeside(log, heavy, false);
    try (FunctionApp app = FunctionAppFixture.assemble(s, log, gate, new InProcessRateLimiter(), resources)) {
      for (int i = 0; i < 7; i++) {
        assertEquals(202, post(app, ingest(token(heavy), "application/x-ndjson", lines(10))).getStatusCode());
      }
      assertEquals(202, post(app, ingest(token(light), "application/x-ndjson", lines(10))).getStatusCode());
      awaitFreshReading(refresher);
      // 8 frames behind: above the limit of 5, below the ceiling of 10; acme wrote 7 of them.
      int published = log.log.frames().size();
      FakeHttpResponse refused = post(app, ingest(token(heavy), "application/x-ndjson", lines(10)));
      assertEquals(503, refused.getStatusCode(), refused.text());
      assertEquals("backpressure", Json.mapper().readTree(refused.text()).get("code").asText());
      assertEquals("2", refused.getHeader("Retry-After"));
      assertTrue(refused.text().contains("8 frames behind ingest (limit 5 frames)"), refused.text());
      assertEquals(published, log.log.frames().size(), "a refused request publishes nothing");
      assertEquals(202, post(app, ingest(token(light), "application/x-ndjson", lines(10))).getStatusCode(),
          "a light writer of the same partition is not refused for it");
      for (int i = 0; i < 5; i++) {
        assertEquals(202, post(app, ingest(token(other), "application/x-ndjson", lines(10))).getStatusCode(),
            "a tenant of another partition is not refused for it");
      }
      assertEquals(Set.of("tributary-lag-refresher"), log.readers, "only the refresher reads the event log");

      log.unreadable = true;
      long failed = refresher.failures();
      await(() -> refresher.failures() >= failed + 2, "readings failed");
      assertEquals(503, post(app, ingest(token(heavy), "application/x-ndjson", lines(10))).getStatusCode(),
          "a failed reading keeps the last one: the heavy writer still waits");
      assertEquals(202, post(app, ingest(token(other), "application/x-ndjson", lines(10))).getStatusCode(),
          "and nobody else is refused for it");

      log.unreadable = false;
      int partition = log.partitionFor(TenantId.of(heavy));
      log.log.consumer(s.processGroup(), partition).commit(log.log.endOffset(partition));
      awaitFreshReading(refresher);
      assertEquals(202, post(app, ingest(token(heavy), "application/x-ndjson", lines(10))).getStatusCode(),
          "caught up: the heavy writer is let in again");
    }
    assertTrue(resources.contains(refresher));
  }

  @Test
  void anInstanceThatDoesNotIngestReadsNoLags() {
    Map<String, String> m = FunctionAppFixture.settings();
    m.put("TRIBUTARY_ROLES", "process,query");
    List<AutoCloseable> resources = new ArrayList<>();
    WatchedEventLog log = new WatchedEventLog();
    assertSame(IngestGate.OPEN, AzureFunctionAppFactory.gate(Settings.from(m), log, resources));
    assertTrue(resources.isEmpty());
  }
}
