package io.tributary.config;

import java.util.Map;

/**
 * Where the Kafka event log connects.
 *
 * @param bootstrapServers {@code host:port[,…]}
 * @param topic the topic of frames; created with {@code Settings.partitions()} partitions when missing
 * @param replicationFactor replicas of a topic this creates
 * @param properties extra client properties (security, SASL), from {@code k=v;k=v}
 */
public record KafkaSettings(String bootstrapServers, String topic, short replicationFactor,
    Map<String, String> properties) {

  public KafkaSettings {
    properties = Map.copyOf(properties);
  }
}
