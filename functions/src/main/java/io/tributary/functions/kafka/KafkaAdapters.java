package io.tributary.functions.kafka;

import io.tributary.config.Settings;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Builds the Kafka event log from settings ({@code TRIBUTARY_KAFKA_*}, {@code TRIBUTARY_PARTITIONS}). */
public final class KafkaAdapters {

  private KafkaAdapters() {
  }

  public static KafkaEventLogOptions options(Settings s) {
    Map<String, Object> props = new HashMap<>(s.kafka().properties());
    return KafkaEventLogOptions.of(s.kafka().bootstrapServers(), s.kafka().topic(), s.partitions())
        .withReplicationFactor(s.kafka().replicationFactor())
        .withClientProperties(props);
  }

  public static KafkaEventLog eventLog(Settings s) throws IOException {
    return new KafkaEventLog(options(s));
  }
}
