package io.tributary.functions.azure.eventhubs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.core.util.IterableStream;
import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionContext;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.PartitionOwnership;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An event hub as the SDK's clients show it, behind Mockito mocks of those clients: batches that
 * fill up to the service's 1 MB, sends that append a batch's events to the partition the service
 * assigns its partition key (by the SDK's own resolver), sequence numbers, partition properties,
 * partition receive, and an in-memory checkpoint store. Sends can be made to fail or hang, in
 * order, to show what the adapter does then. Records every batch created and every send tried.
 */
final class SimulatedEventHub {

  static final String NAMESPACE = "tributary.servicebus.windows.net";
  static final String HUB = "frames";
  static final int MAX_BATCH_BYTES = 1_048_576;
  /** What the service counts per event beyond its body (AMQP header and properties), roughly. */
  static final int EVENT_OVERHEAD = 64;

  /** A batch the adapter created: its options and the frames it took. */
  record Batch(CreateBatchOptions options, List<byte[]> frames) {
  }

  private final int partitionCount;
  private final List<List<byte[]>> partitions = new ArrayList<>();
  final List<Batch> created = java.util.Collections.synchronizedList(new ArrayList<>());
  final List<Batch> sendsTried = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Deque<Mono<Void>> sendOutcomes = new ArrayDeque<>();
  private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();
  final EventHubProducerAsyncClient producer = mock(EventHubProducerAsyncClient.class);
  final CheckpointStore checkpointStore = new MemoryCheckpointStore();

  SimulatedEventHub(int partitionCount) {
    this.partitionCount = partitionCount;
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(new ArrayList<>());
    }
    when(producer.getFullyQualifiedNamespace()).thenReturn(NAMESPACE);
    when(producer.getEventHubName()).thenReturn(HUB);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < partitionCount; i++) {
      ids.add(String.valueOf(i));
    }
    when(producer.getPartitionIds()).thenReturn(Flux.fromIterable(ids));
    when(producer.createBatch(any(CreateBatchOptions.class)))
        .thenAnswer(inv -> Mono.fromCallable(() -> newBatch(inv.getArgument(0))));
    when(producer.send(any(EventDataBatch.class))).thenAnswer(inv -> send(inv.getArgument(0)));
    when(producer.getPartitionProperties(anyString())).thenAnswer(inv -> Mono.fromCallable(
        () -> properties(Integer.parseInt(inv.getArgument(0)))));
  }

  /** Marks a send in {@link #thenSends} that goes through normally. */
  static final Mono<Void> DELIVERED = Mono.empty();

  /**
   * The next sends (in order) end as {@code outcome} instead of appending ({@link #DELIVERED}:
   * appended as usual); once these are used up, sends succeed again.
   */
  synchronized SimulatedEventHub thenSends(Mono<Void> outcome) {
    sendOutcomes.add(outcome);
    return this;
  }

  synchronized List<byte[]> partition(int p) {
    return new ArrayList<>(partitions.get(p));
  }

  synchronized int servicePartitionFor(String partitionKey) {
    try {
      Class<?> resolver = Class.forName("com.azure.messaging.eventhubs.PartitionResolver");
      var ctor = resolver.getDeclaredConstructor();
      ctor.setAccessible(true);
      Method m = resolver.getDeclaredMethod("assignForPartitionKey", String.class, String[].class);
      m.setAccessible(true);
      String[] ids = new String[partitionCount];
      for (int i = 0; i < partitionCount; i++) {
        ids[i] = String.valueOf(i);
      }
      return Integer.parseInt((String) m.invoke(ctor.newInstance(), partitionKey, ids));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  Map<String, Checkpoint> checkpoints() {
    return checkpoints;
  }

  private EventDataBatch newBatch(CreateBatchOptions options) {
    EventDataBatch batch = mock(EventDataBatch.class);
    List<byte[]> frames = new ArrayList<>();
    int[] size = {0};
    when(batch.getMaxSizeInBytes()).thenReturn(MAX_BATCH_BYTES);
    when(batch.getCount()).thenAnswer(inv -> frames.size());
    when(batch.getSizeInBytes()).thenAnswer(inv -> size[0]);
    when(batch.tryAdd(any(EventData.class))).thenAnswer(inv -> {
      byte[] body = ((EventData) inv.getArgument(0)).getBody();
      if (size[0] + body.length + EVENT_OVERHEAD > MAX_BATCH_BYTES) {
        return false;
      }
      size[0] += body.length + EVENT_OVERHEAD;
      frames.add(body);
      return true;
    });
    Batch b = new Batch(options, frames);
    created.add(b);
    batches.put(batch, b);
    return batch;
  }

  private final Map<EventDataBatch, Batch> batches = new ConcurrentHashMap<>();

  private Mono<Void> send(EventDataBatch batch) {
    return Mono.defer(() -> {
      Batch b = batches.get(batch);
      sendsTried.add(b);
      Mono<Void> outcome;
      synchronized (this) {
        outcome = sendOutcomes.poll();
      }
      if (outcome != null && outcome != DELIVERED) {
        return outcome;
      }
      synchronized (this) {
        String key = b.options().getPartitionKey();
        int p = b.options().getPartitionId() != null ? Integer.parseInt(b.options().getPartitionId())
            : servicePartitionFor(key);
        partitions.get(p).addAll(b.frames());
      }
      return Mono.empty();
    });
  }

  private synchronized PartitionProperties properties(int p) {
    PartitionProperties props = mock(PartitionProperties.class);
    int n = partitions.get(p).size();
    when(props.getId()).thenReturn(String.valueOf(p));
    when(props.getBeginningSequenceNumber()).thenReturn(0L);
    when(props.getLastEnqueuedSequenceNumber()).thenReturn((long) n - 1);
    when(props.isEmpty()).thenReturn(n == 0);
    return props;
  }

  /** Consumer clients of a consumer group, as {@code EventHubsEventLog} takes them. */
  Function<String, EventHubConsumerClient> consumers() {
    return group -> {
      EventHubConsumerClient c = mock(EventHubConsumerClient.class);
      when(c.receiveFromPartition(anyString(), anyInt(), any(EventPosition.class), any(Duration.class)))
          .thenAnswer(inv -> receive(group, Integer.parseInt(inv.getArgument(0)), inv.getArgument(1),
              inv.getArgument(2), inv.getArgument(3)));
      return c;
    };
  }

  private IterableStream<PartitionEvent> receive(String group, int p, int max, EventPosition from, Duration wait)
      throws InterruptedException {
    long first = from.getSequenceNumber() + (from.isInclusive() ? 0 : 1);
    List<PartitionEvent> out = new ArrayList<>();
    synchronized (this) {
      List<byte[]> events = partitions.get(p);
      for (long seq = first; seq < events.size() && out.size() < max; seq++) {
        EventData d = mock(EventData.class);
        when(d.getBody()).thenReturn(events.get((int) seq));
        when(d.getSequenceNumber()).thenReturn(seq);
        out.add(new PartitionEvent(new PartitionContext(NAMESPACE, HUB, group, String.valueOf(p)), d, null));
      }
    }
    if (out.isEmpty()) {
      Thread.sleep(Math.min(20, wait.toMillis()));
    }
    return new IterableStream<>(out);
  }

  /** The SDK's checkpoint store interface over a map; ownership is not used by the adapter. */
  private final class MemoryCheckpointStore implements CheckpointStore {

    @Override
    public Flux<PartitionOwnership> listOwnership(String namespace, String hub, String group) {
      return Flux.empty();
    }

    @Override
    public Flux<PartitionOwnership> claimOwnership(List<PartitionOwnership> requested) {
      return Flux.empty();
    }

    @Override
    public Flux<Checkpoint> listCheckpoints(String namespace, String hub, String group) {
      String prefix = namespace + "/" + hub + "/" + group + "/";
      return Flux.fromIterable(checkpoints.entrySet()).filter(e -> e.getKey().startsWith(prefix))
          .map(Map.Entry::getValue);
    }

    @Override
    public Mono<Void> updateCheckpoint(Checkpoint c) {
      return Mono.fromRunnable(() -> checkpoints.put(c.getFullyQualifiedNamespace() + "/" + c.getEventHubName()
          + "/" + c.getConsumerGroup() + "/" + c.getPartitionId(), c));
    }
  }
}
