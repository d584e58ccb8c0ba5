package io.tributary.eventlog;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, partitioned, append-only log between ingest and processing (Event Hubs, Kafka, or
 * the local journal). Ingest acknowledges a request only once {@link #publish} has completed.
 *
 * <p>All of a tenant's frames go to one partition ({@link #partitionFor}), so they are consumed in
 * the order they were published. Offsets are per partition, increase with every record, and are
 * what consumers commit. Implementations are thread-safe.
 */
public interface EventLog extends AutoCloseable {

  /** Number of partitions; fixed for the life of the log. */
  int partitions();

  /** The partition that holds {@code tenant}'s frames. */
  default int partitionFor(TenantId tenant) {
    return Math.floorMod(tenant.value().hashCode(), partitions());
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
      out[p] = Math.max(0, endOffset(p) - committedOffset(group, p));
    }
    return out;
  }

  @Override
  void close() throws IOException;
}
