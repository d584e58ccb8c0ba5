package io.tributary.functions.azure.eventhubs;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The {@link EventLog} on Azure Event Hubs.
 *
 * <p><b>Publishing.</b> A publish packs the tenant's frames, in order, into {@link EventDataBatch}es
 * created with the key of the tenant's shard as partition key ({@link EventLog#shardKey}: the
 * tenant id for shard 0) (one event per frame; a frame is at most 1,000,000
 * bytes and so fits in a batch of its own), and sends the batches one after another: a batch is
 * sent only once the one before it is acknowledged, so the tenant's frames keep their order. A
 * send or batch creation that fails transiently (server-busy, timeouts, link errors the SDK marks
 * transient) is tried again with exponential backoff and jitter, plus {@code serverBusyDelay} after
 * server-busy; the publish completes only after every batch's send completed, and fails at the
 * first batch that could not be sent, without sending the ones after it. Frames of batches already
 * sent stay in the hub, so the caller's retry may duplicate them, which processing absorbs by event
 * id (DESIGN §11). A timed-out send may also have landed; retrying it is the same at-least-once.
 *
 * <p><b>Partitions.</b> {@link #partitionFor} is the partition the service assigns the tenant's
 * partition key to ({@link PartitionKeyHash}); offsets are Event Hubs sequence numbers, which grow
 * by one per event in a partition.
 *
 * <p><b>Consuming.</b> In Azure the Functions host consumes: {@code ProcessFunction}'s Event Hubs
 * trigger balances partitions over instances and checkpoints in the host's storage account. The
 * port's consumer side here is for tools and the local runtime pointed at a hub: a
 * {@link PartitionConsumer} reads one partition with the SDK's partition receive from the group's
 * checkpoint, and commits by writing a checkpoint to a {@link CheckpointStore} (in Azure the blob
 * checkpoint store on the container the trigger uses, so {@link #lag} reports the trigger's lag).
 * A checkpoint holds the sequence number of the last processed event; a group without one starts
 * at the beginning of the partition. It takes no partition ownership: run it only for a group no
 * trigger or processor consumes at the same time. Thread-safe; consumers are not.
 */
public final class EventHubsEventLog implements EventLog {

  private final EventHubProducerAsyncClient producer;
  private final Function<String, EventHubConsumerClient> consumers;
  private final CheckpointStore checkpoints;
  private final EventHubsEventLogOptions options;
  private final String namespace;
  private final String hub;
  private final int partitions;

  /**
   * @param producer the hub's producer (owned: closed with this log)
   * @param consumers makes a consumer client of the hub for a consumer group (closed with the
   *     partition consumer that uses it)
   * @param checkpoints where consumer groups' checkpoints are kept
   */
  public EventHubsEventLog(EventHubProducerAsyncClient producer, Function<String, EventHubConsumerClient> consumers,
      CheckpointStore checkpoints, EventHubsEventLogOptions options) throws IOException {
    this.producer = producer;
    this.consumers = consumers;
    this.checkpoints = checkpoints;
    this.options = options;
    this.namespace = producer.getFullyQualifiedNamespace();
    this.hub = producer.getEventHubName();
    List<String> ids = block(producer.getPartitionIds().collectList(), "list the partitions of " + hub);
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.contains(String.valueOf(i))) {
        throw new IOException("event hub " + hub + " has partition ids " + ids + ", not 0.." + (ids.size() - 1));
      }
    }
    this.partitions = ids.size();
  }

  @Override
  public int partitions() {
    return partitions;
  }

  /** The partition Event Hubs puts the tenant's partition key on. */
  @Override
  public int partitionFor(TenantId tenant) {
    return PartitionKeyHash.partition(tenant.value(), partitions);
  }

  /** The partition Event Hubs puts the key of the tenant's shard on ({@code tenant#shard}, the tenant for shard 0). */
  @Override
  public int partitionFor(TenantId tenant, int shard) {
    return PartitionKeyHash.partition(EventLog.shardKey(tenant, shard), partitions);
  }

  @Override
  public CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
    return publish(tenant, 0, frames);
  }

  @Override
  public CompletableFuture<Void> publish(TenantId tenant, int shard, List<byte[]> frames) {
    if (frames.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CreateBatchOptions batchOptions = new CreateBatchOptions().setPartitionKey(EventLog.shardKey(tenant, shard));
    return sendFrom(tenant, batchOptions, frames, 0)
        .onErrorMap(e -> !(e instanceof IOException),
            e -> new IOException("Event Hubs did not take the frames of " + tenant + ": " + describe(e), e))
        .toFuture();
  }

  /** Sends {@code frames[from…]}: fills one batch, sends it, then goes on with the rest. */
  private Mono<Void> sendFrom(TenantId tenant, CreateBatchOptions batchOptions, List<byte[]> frames, int from) {
    if (from >= frames.size()) {
      return Mono.empty();
    }
    return retrying(() -> producer.createBatch(batchOptions), 0).flatMap(batch -> {
      int next = from;
      try {
        while (next < frames.size() && batch.tryAdd(new EventData(frames.get(next)))) {
          next++;
        }
      } catch (AmqpException | IllegalArgumentException e) {
        return Mono.error(new IOException("frame " + next + " of " + tenant + " (" + frames.get(next).length
            + " bytes) does not fit in an event: " + e.getMessage(), e));
      }
      if (next == from) {
        return Mono.error(new IOException("frame " + from + " of " + tenant + " (" + frames.get(from).length
            + " bytes) does not fit in an empty batch of " + batch.getMaxSizeInBytes() + " bytes"));
      }
      int rest = next;
      return retrying(() -> producer.send(batch), 0).then(Mono.defer(() -> sendFrom(tenant, batchOptions, frames, rest)));
    });
  }

  /** {@code call}, tried again after transient failures with backoff; each try bounded by tryTimeout. */
  private <T> Mono<T> retrying(java.util.function.Supplier<Mono<T>> call, int attempt) {
    return Mono.defer(call).timeout(options.tryTimeout()).onErrorResume(e -> {
      if (attempt >= options.maxRetries() || !isTransient(e)) {
        return Mono.error(e);
      }
      return Mono.delay(backoff(attempt, e)).then(retrying(call, attempt + 1));
    });
  }

  static boolean isTransient(Throwable e) {
    if (e instanceof AmqpException a) {
      return a.isTransient() || a.getErrorCondition() == AmqpErrorCondition.SERVER_BUSY_ERROR
          || a.getErrorCondition() == AmqpErrorCondition.TIMEOUT_ERROR;
    }
    return e instanceof TimeoutException;
  }

  /** Exponential from minBackoff, capped at maxBackoff, 0.8-1.2 jitter, plus serverBusyDelay after server-busy. */
  Duration backoff(int attempt, Throwable cause) {
    double base = options.minBackoff().toNanos() * Math.pow(2, Math.min(attempt, 30));
    long nanos = (long) Math.min(base, options.maxBackoff().toNanos());
    nanos = (long) (nanos * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    if (cause instanceof AmqpException a && a.getErrorCondition() == AmqpErrorCondition.SERVER_BUSY_ERROR) {
      nanos += options.serverBusyDelay().toNanos();
    }
    return Duration.ofNanos(nanos);
  }

  private static String describe(Throwable e) {
    if (e instanceof AmqpException a && a.getErrorCondition() != null) {
      return a.getErrorCondition().getErrorCondition() + " " + a.getMessage();
    }
    return e instanceof TimeoutException ? "no answer in time" : String.valueOf(e.getMessage());
  }

  @Override
  public PartitionConsumer consumer(String group, int partition) throws IOException {
    checkPartition(partition);
    return new EventHubsPartitionConsumer(this, consumers.apply(group), group, partition,
        committedOffset(group, partition));
  }

  /** The next sequence number of the partition: one past its last enqueued event. */
  @Override
  public long endOffset(int partition) throws IOException {
    checkPartition(partition);
    PartitionProperties p = block(producer.getPartitionProperties(String.valueOf(partition)),
        "read partition " + partition + " of " + hub);
    return p.getLastEnqueuedSequenceNumber() + 1;
  }

  /** One past the group's checkpointed sequence number, or the partition's first when there is none. */
  @Override
  public long committedOffset(String group, int partition) throws IOException {
    checkPartition(partition);
    Long seq = checkpointedSequences(group).get(String.valueOf(partition));
    if (seq != null) {
      return seq + 1;
    }
    return block(producer.getPartitionProperties(String.valueOf(partition)),
        "read partition " + partition + " of " + hub).getBeginningSequenceNumber();
  }

  /** One checkpoint listing and one properties call per partition, in sequence numbers (events, one per frame). */
  @Override
  public long[] lags(String group) throws IOException {
    Map<String, Long> checkpointed = checkpointedSequences(group);
    long[] out = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      PartitionProperties props = block(producer.getPartitionProperties(String.valueOf(p)),
          "read partition " + p + " of " + hub);
      Long seq = checkpointed.get(String.valueOf(p));
      long from = seq != null ? seq + 1 : props.getBeginningSequenceNumber();
      out[p] = Math.max(0, props.getLastEnqueuedSequenceNumber() + 1 - from);
    }
    return out;
  }

  private Map<String, Long> checkpointedSequences(String group) throws IOException {
    List<Checkpoint> list = block(checkpoints.listCheckpoints(namespace, hub, group).collectList(),
        "list the checkpoints of group " + group);
    Map<String, Long> out = new HashMap<>();
    for (Checkpoint c : list) {
      if (c.getSequenceNumber() != null) {
        out.put(c.getPartitionId(), c.getSequenceNumber());
      }
    }
    return out;
  }

  /** Writes the group's checkpoint: everything before {@code nextOffset} is processed. */
  void checkpoint(String group, int partition, long nextOffset) throws IOException {
    Checkpoint c = new Checkpoint()
        .setFullyQualifiedNamespace(namespace)
        .setEventHubName(hub)
        .setConsumerGroup(group)
        .setPartitionId(String.valueOf(partition))
        .setSequenceNumber(nextOffset - 1);
    block(checkpoints.updateCheckpoint(c).then(Mono.just(Boolean.TRUE)), "checkpoint group " + group);
  }

  EventHubsEventLogOptions options() {
    return options;
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " is not in [0, " + partitions + ")");
    }
  }

  private <T> T block(Mono<T> m, String what) throws IOException {
    try {
      T v = m.block(options.tryTimeout());
      if (v == null) {
        throw new IOException("cannot " + what + ": no answer");
      }
      return v;
    } catch (RuntimeException e) {
      throw new IOException("cannot " + what + ": " + describe(e.getCause() instanceof TimeoutException ? e.getCause() : e), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
