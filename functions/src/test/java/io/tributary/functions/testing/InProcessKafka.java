package io.tributary.functions.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Kafka broker (KRaft, one combined broker + controller node) in this JVM, started
 * once per test class that registers it ({@code @RegisterExtension static InProcessKafka kafka})
 * and stopped, with its files deleted, after the class. Formatted with the latest production
 * metadata version and no unstable APIs, so it behaves as a released broker does.
 */
public final class InProcessKafka implements BeforeAllCallback, AfterAllCallback {

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private KafkaClusterTestKit cluster;
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("kafka-");
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> features = new HashMap<>();
    for (Feature f : Feature.PRODUCTION_FEATURES) {
      if (f != Feature.KRAFT_VERSION) {
        features.put(f.featureName(), f.defaultLevel(version));
      }
    }
    TestKitNodes nodes = new TestKitNodes.Builder(BootstrapMetadata.fromVersions(version, features, "tributary-test"))
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBaseDirectory(dir)
        .build();
    KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("unstable.api.versions.enable", "false")
        .setConfigProp("unstable.feature.versions.enable", "false")
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "4")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("min.insync.replicas", "1")
        .setConfigProp("default.replication.factor", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .setDeleteOnClose(true)
        .build();
    try {
      c.format();
      c.startup();
      c.waitForReadyBrokers();
    } catch (Exception e) {
      c.close();
      throw e;
    }
    cluster = c;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
    if (dir != null && Files.exists(dir)) {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A topic name no other test of this JVM has used. */
  public static String newTopic(String prefix) {
    return prefix + "-" + TOPICS.incrementAndGet();
  }
}
