package io.tributary.functions.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * How a {@link KafkaEventLog} reaches its topic.
 *
 * @param bootstrapServers {@code host:port[,host:port…]} of the cluster (or of Event Hubs' Kafka
 *     endpoint, {@code <namespace>.servicebus.windows.net:9093})
 * @param topic the topic that holds the frames; its partition count is the log's
 * @param partitions partitions to create the topic with when it does not exist
 * @param replicationFactor replicas of a created topic (1 for a single broker)
 * @param createTopic whether to create a missing topic (off where an operator owns topics)
 * @param requestTimeout how long an admin or commit call may take before it fails
 * @param deliveryTimeout how long the producer may keep retrying one frame before the publish
 *     fails ({@code delivery.timeout.ms})
 * @param clientProperties extra client properties for producer, consumers and admin alike
 *     (security: {@code security.protocol}, {@code sasl.*}); they win over the defaults
 */
public record KafkaEventLogOptions(
    String bootstrapServers,
    String topic,
    int partitions,
    short replicationFactor,
    boolean createTopic,
    Duration requestTimeout,
    Duration deliveryTimeout,
    Map<String, Object> clientProperties) {

  public KafkaEventLogOptions {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("a Kafka topic is required");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1");
    }
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Defaults for one cluster and topic: create the topic if missing, 30 s timeouts. */
  public static KafkaEventLogOptions of(String bootstrapServers, String topic, int partitions) {
    return new KafkaEventLogOptions(bootstrapServers, topic, partitions, (short) 1, true, Duration.ofSeconds(30),
        Duration.ofSeconds(30), Map.of());
  }

  public KafkaEventLogOptions withReplicationFactor(short factor) {
    return new KafkaEventLogOptions(bootstrapServers, topic, partitions, factor, createTopic, requestTimeout,
        deliveryTimeout, clientProperties);
  }

  public KafkaEventLogOptions withCreateTopic(boolean create) {
    return new KafkaEventLogOptions(bootstrapServers, topic, partitions, replicationFactor, create, requestTimeout,
        deliveryTimeout, clientProperties);
  }

  public KafkaEventLogOptions withClientProperties(Map<String, Object> properties) {
    return new KafkaEventLogOptions(bootstrapServers, topic, partitions, replicationFactor, createTopic,
        requestTimeout, deliveryTimeout, properties);
  }
}
