package io.tributary.eventlog;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, partitioned, append-only log between ingest and processing (Event Hubs, Kafka, or
 * the local journal). Ingest acknowledges a request only once {@link #publish} has completed.
 *
 * <p>A tenant's frames go to one partition per shard ({@link #partitionFor(TenantId, int)}): a
 * publish's frames are consumed in the order they were published. A tenant with one shard (and
 * every tenant of a log that does not spread tenants, such as the local journal) has one partition.
 * Offsets are per partition, increase with every record, and are what consumers commit.
 * Implementations are thread-safe.
 */
public interface EventLog extends AutoCloseable {

  /** Number of partitions; fixed for the life of the log. */
  int partitions();

  /** The partition that holds {@code tenant}'s frames (of its first shard). */
  default int partitionFor(TenantId tenant) {
    return Math.floorMod(tenant.value().hashCode(), partitions());
  }

  /**
   * The partition that holds shard {@code shard} of {@code tenant}'s frames. Logs that spread a
   * tenant key each shard by {@link #shardKey}; the default keeps every shard in the tenant's one
   * partition.
   */
  default int partitionFor(TenantId tenant, int shard) {
    return partitionFor(tenant);
  }

  /**
   * Appends {@code frames} to the partition of the tenant's shard {@code shard}, as
   * {@link #publish(TenantId, List)} does to its one partition (which the default does).
   */
  default CompletableFuture<Void> publish(TenantId tenant, int shard, List<byte[]> frames) {
    return publish(tenant, frames);
  }

  /** The key a shard of a tenant's frames is sent under: the tenant id for shard 0, {@code tenant#shard} after. */
  static String shardKey(TenantId tenant, int shard) {
    return shard == 0 ? tenant.value() : tenant.value() + "#" + shard;
  }

  /**
   * Appends {@code frames} (each at most {@code FrameCodec.MAX_FRAME_BYTES}) to the tenant's
   * partition, in order. The future completes only when all of them are durable (on disk or
   * acknowledged by the service), and completes exceptionally when they may not be; a retry may
   * then duplicate frames, which processing absorbs by event id.
   */
  CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames);

  /**
   * A reader of one partition for a consumer group, starting after the group's committed offset.
   * One consumer per group and partition at a time.
   */
  PartitionConsumer consumer(String group, int partition) throws IOException;

  /** The offset the next record of {@code partition} will get (its durable end). */
  long endOffset(int partition) throws IOException;

  /** The offset {@code group} has committed on {@code partition}: where it will resume. */
  long committedOffset(String group, int partition) throws IOException;

  /** How far {@code group} is behind, summed over partitions, in offset units. */
  default long lag(String group) throws IOException {
    long lag = 0;
    for (long l : lags(group)) {
      lag += l;
    }
    return lag;
  }

  /**
   * How far {@code group} is behind on each partition, by partition index, in offset units (never
   * negative). Adapters whose offsets cost a round trip read them all in as few calls as they can.
   */
  default long[] lags(String group) throws IOException {
    long[] out = new long[partitions()];
    for (int p = 0; p < out.length; p++) {
      out[p] = lag(group, p);
    }
    return out;
  }

  /** How far {@code group} is behind on {@code partition}, in offset units (never negative). */
  default long lag(String group, int partition) throws IOException {
    return Math.max(0, endOffset(partition) - committedOffset(group, partition));
  }

  @Override
  void close() throws IOException;
}
