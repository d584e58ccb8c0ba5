package io.tributary.functions.azure.eventhubs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.models.Checkpoint;
import io.tributary.contract.EventLogContract;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Event Hubs event log through Mockito mocks of the SDK's clients ({@link SimulatedEventHub}):
 * the contract every event log keeps, then the batches, partition keys and retries it sends.
 */
class EventHubsEventLogTest extends EventLogContract {

  private static final TenantId ACME = TenantId.of("acme");
  private static final EventHubsEventLogOptions FAST = EventHubsEventLogOptions.defaults()
      .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(2))
      .withTryTimeout(Duration.ofMillis(500));

  private SimulatedEventHub hub;

  private EventHubsEventLog open(SimulatedEventHub h, EventHubsEventLogOptions options) throws IOException {
    hub = h;
    return new EventHubsEventLog(h.producer, h.consumers(), h.checkpointStore, options);
  }

  @Override
  protected EventLog log() throws IOException {
    return open(new SimulatedEventHub(8), FAST);
  }

  private static AmqpException amqp(boolean transientError, AmqpErrorCondition condition) {
    return new AmqpException(transientError, condition, condition.getErrorCondition(),
        new AmqpErrorContext(SimulatedEventHub.NAMESPACE));
  }

  private static byte[] frame(int size, int tag) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) tag);
    return b;
  }

  @Test
  void framesGoInFullBatchesKeyedByTenantToThePartitionTheServiceAssigns() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(32), FAST);
    List<byte[]> frames = List.of(frame(400_000, 1), frame(400_000, 2), frame(400_000, 3), frame(10, 4));
    log.publish(ACME, frames).get(5, TimeUnit.SECONDS);
    assertEquals(2, hub.created.size(), "two frames of 400 KB fill a 1 MB batch; the rest go in a second");
    assertEquals(List.of(2, 2), hub.created.stream().map(b -> b.frames().size()).toList());
    for (SimulatedEventHub.Batch b : hub.created) {
      assertEquals("acme", b.options().getPartitionKey());
      assertEquals(null, b.options().getPartitionId(), "the service routes by key, not by a partition we pick");
    }
    assertEquals(hub.created, hub.sendsTried, "each batch sent once, in order");
    int p = hub.servicePartitionFor("acme");
    assertEquals(p, log.partitionFor(ACME));
    List<byte[]> stored = hub.partition(p);
    assertEquals(4, stored.size());
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(frames.get(i), stored.get(i));
    }
  }

  @Test
  void aShardOfATenantsFramesIsKeyedTenantHashShardAndLandsWhereTheServicePutsThatKey() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(32), FAST);
    assertEquals(log.partitionFor(ACME), log.partitionFor(ACME, 0), "shard 0 is the tenant's own key");
    java.util.Set<Integer> partitions = new java.util.TreeSet<>();
    for (int shard = 1; shard < 8; shard++) {
      hub.created.clear();
      log.publish(ACME, shard, List.of(bytes("s" + shard))).get(5, TimeUnit.SECONDS);
      assertEquals("acme#" + shard, hub.created.get(0).options().getPartitionKey());
      int p = hub.servicePartitionFor("acme#" + shard);
      assertEquals(p, log.partitionFor(ACME, shard));
      assertTrue(hub.partition(p).stream().map(String::new).toList().contains("s" + shard));
      partitions.add(p);
    }
    assertTrue(partitions.size() >= 4, "seven shard keys over 32 partitions: " + partitions);
  }

  @Test
  void serverBusyIsRetriedWithBackoffAndTheFramesLandOnce() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST);
    hub.thenSends(Mono.error(amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR)))
        .thenSends(Mono.error(amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR)));
    log.publish(ACME, List.of(bytes("a"), bytes("b"))).get(5, TimeUnit.SECONDS);
    assertEquals(1, hub.created.size());
    assertEquals(3, hub.sendsTried.size(), "two refusals, then the same batch again");
    assertTrue(hub.sendsTried.stream().allMatch(b -> b == hub.created.get(0)));
    assertEquals(List.of("a", "b"), hub.partition(log.partitionFor(ACME)).stream().map(String::new).toList());
  }

  @Test
  void aSendThatTimesOutIsTriedAgain() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST.withTryTimeout(Duration.ofMillis(100)));
    hub.thenSends(Mono.never());
    log.publish(ACME, List.of(bytes("late"))).get(5, TimeUnit.SECONDS);
    assertEquals(2, hub.sendsTried.size());
    assertEquals(1, hub.partition(log.partitionFor(ACME)).size());
  }

  @Test
  void aPermanentRefusalMidwayStopsThePublishAtThatBatch() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST);
    List<byte[]> frames = List.of(frame(600_000, 1), frame(600_000, 2), frame(600_000, 3));
    int p = log.partitionFor(ACME);
    // Each frame fills a batch. Batch 1 lands; batch 2 is refused for good ("unauthorized").
    hub.thenSends(SimulatedEventHub.DELIVERED).thenSends(Mono.error(amqp(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS)));
    var f = log.publish(ACME, frames);
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("unauthorized-access"), e.getCause().getMessage());
    assertEquals(2, hub.created.size(), "no batch is created for the third frame after the second failed");
    assertEquals(2, hub.sendsTried.size(), "a permanent refusal is not retried");
    assertEquals(1, hub.partition(p).size(), "only the first frame is in the hub");
  }

  @Test
  void transientFailuresBeyondTheRetryBudgetFailThePublish() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST.withMaxRetries(2));
    for (int i = 0; i < 5; i++) {
      hub.thenSends(Mono.error(amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR)));
    }
    var f = log.publish(ACME, List.of(bytes("x")));
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("server-busy"), e.getCause().getMessage());
    assertEquals(3, hub.sendsTried.size(), "one try and two retries");
    assertTrue(hub.partition(log.partitionFor(ACME)).isEmpty());
  }

  @Test
  void aFrameLargerThanAnEmptyBatchFailsWithoutSendingAnything() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST);
    var f = log.publish(ACME, List.of(frame(SimulatedEventHub.MAX_BATCH_BYTES, 9)));
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("does not fit"), e.getCause().getMessage());
    assertTrue(hub.sendsTried.isEmpty());
  }

  @Test
  void serverBusyWaitsLongerThanOtherTransientFailures() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(1), EventHubsEventLogOptions.defaults());
    Duration busy = log.backoff(0, amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR));
    Duration link = log.backoff(0, amqp(true, AmqpErrorCondition.LINK_DETACH_FORCED));
    assertTrue(busy.toMillis() >= 4000, busy.toString());
    assertTrue(link.toMillis() < 1000, link.toString());
    assertTrue(log.backoff(3, amqp(true, AmqpErrorCondition.LINK_DETACH_FORCED)).compareTo(link) > 0, "grows");
    assertTrue(log.backoff(30, amqp(true, AmqpErrorCondition.LINK_DETACH_FORCED)).toMillis() <= 12_000, "capped");
  }

  @Test
  void aCommitWritesTheCheckpointTheFunctionsHostResumesFrom() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST);
    log.publish(ACME, List.of(bytes("1"), bytes("2"), bytes("3"))).get(5, TimeUnit.SECONDS);
    int p = log.partitionFor(ACME);
    try (PartitionConsumer c = log.consumer("process", p)) {
      List<LogRecord> got = drain(c, 3);
      assertEquals(List.of(0L, 1L, 2L), got.stream().map(LogRecord::offset).toList(), "offsets are sequence numbers");
      c.commit(got.get(1).nextOffset());
    }
    Checkpoint cp = hub.checkpoints().get(SimulatedEventHub.NAMESPACE + "/" + SimulatedEventHub.HUB + "/process/" + p);
    assertEquals(1L, cp.getSequenceNumber(), "the sequence number of the last processed event");
    assertEquals(String.valueOf(p), cp.getPartitionId());
    assertEquals(2, log.committedOffset("process", p));
    assertEquals(1, log.lag("process"));
  }

  @Test
  void concurrentPublishersOfManyTenantsEachKeepTheirOrder() throws Exception {
    EventHubsEventLog log = open(new SimulatedEventHub(4), FAST);
    List<TenantId> tenants = List.of(TenantId.of("t1"), TenantId.of("t2"), TenantId.of("t3"));
    List<java.util.concurrent.CompletableFuture<Void>> all = new ArrayList<>();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      for (TenantId t : tenants) {
        all.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 30; i++) {
            log.publish(t, List.of(bytes(t + ":" + i))).join();
          }
        }, pool));
      }
      for (var f : all) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (TenantId t : tenants) {
      List<String> mine = hub.partition(log.partitionFor(t)).stream().map(String::new)
          .filter(s -> s.startsWith(t + ":")).toList();
      assertEquals(30, mine.size());
      for (int i = 0; i < 30; i++) {
        assertEquals(t + ":" + i, mine.get(i));
      }
    }
  }
}
