package io.tributary.loadtest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An Apache Kafka broker (KRaft, one combined broker+controller) in this process, from the
 * Maven Central jars, with its data on the same disk as Tributary's: the anchor of a run.
 * Production metadata version and features; unstable APIs off; replication factor 1.
 */
final class InProcessKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  InProcessKafka(Path baseDir) throws Exception {
    MetadataVersion mv = MetadataVersion.latestProduction();
    Map<String, Short> features = new HashMap<>();
    for (Feature f : Feature.PRODUCTION_FEATURES) {
      features.put(f.featureName(), f.defaultLevel(mv));
    }
    TestKitNodes nodes = new TestKitNodes.Builder(BootstrapMetadata.fromVersions(mv, features, "tributary-loadtest"))
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBaseDirectory(baseDir)
        .build();
    cluster = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("unstable.api.versions.enable", "false")
        .setConfigProp("unstable.feature.versions.enable", "false")
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("min.insync.replicas", "1")
        .setConfigProp("default.replication.factor", "1")
        .setConfigProp("num.partitions", "4")
        .setDeleteOnClose(true)
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
