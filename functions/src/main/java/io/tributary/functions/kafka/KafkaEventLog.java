package io.tributary.functions.kafka;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The {@link EventLog} on an Apache Kafka topic (any Kafka cluster, or Event Hubs' Kafka
 * endpoint). One record per frame, keyed by the tenant, on the partition Kafka's own default
 * partitioner would pick for that key (murmur2), so other Kafka producers keyed by tenant agree.
 *
 * <p>The producer is idempotent with {@code acks=all}: a publish completes when every frame is
 * acknowledged by all in-sync replicas, and the broker drops the producer's own retries, so a
 * frame is neither lost nor duplicated by a retried send (a publish that fails may still have
 * written some frames; DESIGN §11 covers that). Frames are zstd already, so the producer does not
 * compress again. Offsets are Kafka's; consumer groups are Kafka consumer groups whose offsets are
 * committed to the cluster. Thread-safe; consumers are not.
 */
public final class KafkaEventLog implements EventLog {

  /** Room above the largest frame for the record key and batch headers. */
  static final int MAX_RECORD_BYTES = 1_100_000;

  private final KafkaEventLogOptions options;
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;
  private final int partitions;
  private volatile boolean closed;

  public KafkaEventLog(KafkaEventLogOptions options) throws IOException {
    this.options = options;
    this.admin = Admin.create(adminProperties(options));
    try {
      this.partitions = ensureTopic();
    } catch (IOException | RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
    this.producer = new KafkaProducer<>(producerProperties(options));
  }

  private static Map<String, Object> common(KafkaEventLogOptions o) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) o.requestTimeout().toMillis());
    return p;
  }

  static Map<String, Object> adminProperties(KafkaEventLogOptions o) {
    Map<String, Object> p = common(o);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) o.requestTimeout().toMillis());
    p.putAll(o.clientProperties());
    return p;
  }

  /** The producer's settings: durability (acks=all, idempotence) before throughput. */
  static Map<String, Object> producerProperties(KafkaEventLogOptions o) {
    Map<String, Object> p = common(o);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Idempotence keeps order with up to 5 batches in flight per partition.
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    long delivery = Math.max(o.deliveryTimeout().toMillis(), o.requestTimeout().toMillis() + 2);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putAll(o.clientProperties());
    return p;
  }

  /** A consumer's settings: manual assignment, manual commits, from the start when nothing is committed. */
  static Map<String, Object> consumerProperties(KafkaEventLogOptions o, String group) {
    Map<String, Object> p = common(o);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) o.requestTimeout().toMillis());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.putAll(o.clientProperties());
    return p;
  }

  /** The topic's partition count, creating the topic first when allowed and missing. */
  private int ensureTopic() throws IOException {
    try {
      return describe().partitions().size();
    } catch (UnknownTopicOrPartitionException missing) {
      if (!options.createTopic()) {
        throw new IOException("Kafka topic " + options.topic() + " does not exist and creating it is off", missing);
      }
    }
    NewTopic t = new NewTopic(options.topic(), options.partitions(), options.replicationFactor())
        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES),
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(2, options.replicationFactor()))));
    try {
      await(admin.createTopics(List.of(t)).all());
    } catch (IOException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    // A new topic reaches the brokers' metadata a moment after the controller accepts it.
    long deadline = System.nanoTime() + options.requestTimeout().toNanos();
    while (true) {
      try {
        return describe().partitions().size();
      } catch (UnknownTopicOrPartitionException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("Kafka topic " + options.topic() + " was created but never appeared", notYet);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for topic " + options.topic());
        }
      }
    }
  }

  private TopicDescription describe() throws IOException {
    try {
      return await(admin.describeTopics(List.of(options.topic())).allTopicNames()).get(options.topic());
    } catch (IOException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException u) {
        throw u;
      }
      throw e;
    }
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> f) throws IOException {
    try {
      return f.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for Kafka");
    } catch (ExecutionException e) {
      throw new IOException("Kafka " + options.topic() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("Kafka " + options.topic() + ": no answer within " + options.requestTimeout(), e);
    }
  }

  public String topic() {
    return options.topic();
  }

  @Override
  public int partitions() {
    return partitions;
  }

  /** Kafka's default partitioner for a String key, so every producer keyed by tenant agrees. */
  @Override
  public int partitionFor(TenantId tenant) {
    return partitionFor(tenant, 0);
  }

  /** As {@link #partitionFor(TenantId)}, for the key of the tenant's shard ({@code tenant#shard}). */
  @Override
  public int partitionFor(TenantId tenant, int shard) {
    return Utils.toPositive(Utils.murmur2(EventLog.shardKey(tenant, shard).getBytes(StandardCharsets.UTF_8)))
        % partitions;
  }

  @Override
  public CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
    return publish(tenant, 0, frames);
  }

  @Override
  public CompletableFuture<Void> publish(TenantId tenant, int shard, List<byte[]> frames) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("Kafka event log is closed"));
    }
    if (frames.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger outstanding = new AtomicInteger(frames.size());
    int partition = partitionFor(tenant, shard);
    String key = EventLog.shardKey(tenant, shard);
    try {
      for (byte[] frame : frames) {
        producer.send(new ProducerRecord<>(options.topic(), partition, key, frame), (metadata, error) -> {
          if (error != null) {
            done.completeExceptionally(new IOException("Kafka did not acknowledge a frame of " + tenant + ": "
                + error.getMessage(), error));
          } else if (outstanding.decrementAndGet() == 0) {
            done.complete(null);
          }
        });
      }
    } catch (KafkaException | IllegalStateException e) {
      // Frames sent before this one may still be written; the caller's retry may duplicate them.
      done.completeExceptionally(new IOException("Kafka refused a frame of " + tenant + ": " + e.getMessage(), e));
    }
    return done;
  }

  @Override
  public PartitionConsumer consumer(String group, int partition) throws IOException {
    checkPartition(partition);
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties(options, group));
    try {
      return new KafkaPartitionConsumer(c, new TopicPartition(options.topic(), partition), options.requestTimeout());
    } catch (RuntimeException e) {
      c.close(Duration.ZERO);
      throw new IOException("cannot read " + options.topic() + "/" + partition + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long endOffset(int partition) throws IOException {
    checkPartition(partition);
    TopicPartition tp = new TopicPartition(options.topic(), partition);
    return await(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all()).get(tp).offset();
  }

  /** The group's committed offset, or the partition's first offset when the group has none (it starts there). */
  @Override
  public long committedOffset(String group, int partition) throws IOException {
    checkPartition(partition);
    TopicPartition tp = new TopicPartition(options.topic(), partition);
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    OffsetAndMetadata c = committed.get(tp);
    if (c != null) {
      return c.offset();
    }
    return await(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all()).get(tp).offset();
  }

  /** Three admin calls for all partitions, in records (one per frame). */
  @Override
  public long[] lags(String group) throws IOException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(options.topic(), p), OffsetSpec.latest());
      earliest.put(new TopicPartition(options.topic(), p), OffsetSpec.earliest());
    }
    var ends = await(admin.listOffsets(latest).all());
    var starts = await(admin.listOffsets(earliest).all());
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    long[] out = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(options.topic(), p);
      OffsetAndMetadata c = committed.get(tp);
      long from = c != null ? c.offset() : starts.get(tp).offset();
      out[p] = Math.max(0, ends.get(tp).offset() - from);
    }
    return out;
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " is not in [0, " + partitions + ")");
    }
  }

  /** Waits for frames in flight, then closes the clients. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      producer.close(options.requestTimeout());
    } finally {
      admin.close(options.requestTimeout());
    }
  }
}
