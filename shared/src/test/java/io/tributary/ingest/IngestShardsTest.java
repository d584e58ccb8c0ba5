package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.frame.FrameCodec;
import io.tributary.limits.InProcessRateLimiter;
import io.tributary.limits.TenantLimits;
import io.tributary.tenancy.Plan;
import io.tributary.testing.InMemoryEventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A tenant's requests go to the shards of its limits (at most one per partition of the log), each
 * request's frames whole to one shard: a large tenant is spread over partitions, a small one is not.
 */
class IngestShardsTest {

  private static final TenantId ACME = TenantId.of("acme");

  /** An in-memory log of 8 partitions that records which shard each publish named. */
  private static final class ShardRecordingLog implements EventLog {
    final InMemoryEventLog log = new InMemoryEventLog(8);
    final List<int[]> published = new CopyOnWriteArrayList<>();

    @Override
    public int partitions() {
      return log.partitions();
    }

    @Override
    public CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
      return publish(tenant, 0, frames);
    }

    @Override
    public CompletableFuture<Void> publish(TenantId tenant, int shard, List<byte[]> frames) {
      published.add(new int[] {shard, frames.size()});
      return log.publish(tenant, frames);
    }

    @Override
    public PartitionConsumer consumer(String group, int partition) throws IOException {
      return log.consumer(group, partition);
    }

    @Override
    public long endOffset(int partition) throws IOException {
      return log.endOffset(partition);
    }

    @Override
    public long committedOffset(String group, int partition) throws IOException {
      return log.committedOffset(group, partition);
    }

    @Override
    public void close() throws IOException {
      log.close();
    }
  }

  private final ShardRecordingLog log = new ShardRecordingLog();
  private final IngestService service = new IngestService(log, new FrameCodec(), IngestLimits.defaults(),
      Clock.systemUTC(), Duration.ofSeconds(5), IngestGate.OPEN, new InProcessRateLimiter(System::nanoTime));

  private Set<Integer> shardsOf(int requests, TenantLimits limits) {
    log.published.clear();
    for (int i = 0; i < requests; i++) {
      byte[] body = ("line " + i + "\nline " + i + " again\n").getBytes(StandardCharsets.UTF_8);
      assertInstanceOf(IngestResult.Accepted.class, service.ingest(
          new IngestRequest(ACME, "text/plain", null, body, EventDefaults.none()), limits));
    }
    assertEquals(requests, log.published.size(), "one publish a request");
    Set<Integer> shards = new TreeSet<>();
    log.published.forEach(p -> shards.add(p[0]));
    return shards;
  }

  @Test
  void aLargeTenantsRequestsSpreadOverAsManyShardsAsTheLogHasPartitions() {
    Set<Integer> shards = shardsOf(200, Plan.STANDARD.limits());
    assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), shards, "40 shards of its limits, capped at the 8 partitions");
  }

  @Test
  void aSmallTenantKeepsToItsFewShardsAndATenantWithoutLimitsToOne() {
    assertEquals(Set.of(0, 1), shardsOf(100, Plan.FREE.limits()));
    assertEquals(Set.of(0), shardsOf(20, new TenantLimits(1_000, 1_000, 1)));
    assertEquals(Set.of(0), shardsOf(20, null));
    assertTrue(log.published.stream().allMatch(p -> p[1] >= 1));
  }
}
