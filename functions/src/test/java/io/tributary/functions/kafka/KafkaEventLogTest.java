package io.tributary.functions.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.EventLogContract;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.frame.FrameCodec;
import io.tributary.functions.testing.InProcessKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka event log against a real broker in this JVM: the contract every event log keeps, and more. */
class KafkaEventLogTest extends EventLogContract {

  @RegisterExtension
  static final InProcessKafka KAFKA = new InProcessKafka();

  private final List<EventLog> opened = new ArrayList<>();

  private KafkaEventLog open(String topic, int partitions) throws IOException {
    KafkaEventLog log = new KafkaEventLog(KafkaEventLogOptions.of(KAFKA.bootstrapServers(), topic, partitions));
    opened.add(log);
    return log;
  }

  @Override
  protected EventLog log() throws IOException {
    return open(InProcessKafka.newTopic("frames"), 4);
  }

  @AfterEach
  void closeAll() throws IOException {
    for (EventLog l : opened) {
      l.close();
    }
  }

  @Test
  void aFullSizeFrameIsPublishedAndReadBackWhole() throws Exception {
    EventLog log = log();
    TenantId t = TenantId.of("big");
    byte[] frame = new byte[FrameCodec.MAX_FRAME_BYTES];
    Arrays.fill(frame, (byte) 7);
    frame[frame.length - 1] = 1;
    log.publish(t, List.of(frame)).get(10, TimeUnit.SECONDS);
    try (PartitionConsumer c = log.consumer("g", log.partitionFor(t))) {
      List<LogRecord> got = drain(c, 1);
      assertEquals(1, got.size());
      assertTrue(Arrays.equals(frame, got.get(0).payload()));
    }
  }

  @Test
  void aSecondLogOnTheSameTopicSeesItsPartitionsAndCommits() throws Exception {
    String topic = InProcessKafka.newTopic("shared");
    KafkaEventLog first = open(topic, 3);
    TenantId t = TenantId.of("acme");
    first.publish(t, List.of(bytes("one"), bytes("two"))).get(5, TimeUnit.SECONDS);
    try (PartitionConsumer c = first.consumer("proc", first.partitionFor(t))) {
      List<LogRecord> got = drain(c, 2);
      c.commit(got.get(0).nextOffset());
    }
    KafkaEventLog second = open(topic, 8);
    assertEquals(3, second.partitions(), "an existing topic keeps its partition count");
    assertEquals(1, second.lag("proc"));
    try (PartitionConsumer c = second.consumer("proc", second.partitionFor(t))) {
      assertEquals(List.of("two"), drain(c, 1).stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList());
    }
  }

  @Test
  void tenantsLandOnThePartitionKafkasDefaultPartitionerPicks() throws Exception {
    KafkaEventLog log = open(InProcessKafka.newTopic("keys"), 4);
    for (String name : List.of("acme", "globex", "initech", "umbrella", "hooli")) {
      TenantId t = TenantId.of(name);
      int expected = org.apache.kafka.common.utils.Utils.toPositive(
          org.apache.kafka.common.utils.Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % 4;
      assertEquals(expected, log.partitionFor(t), name);
      int shard3 = org.apache.kafka.common.utils.Utils.toPositive(
          org.apache.kafka.common.utils.Utils.murmur2((name + "#3").getBytes(StandardCharsets.UTF_8))) % 4;
      assertEquals(shard3, log.partitionFor(t, 3), name + "#3: a shard's key is tenant#shard");
    }
  }

  @Test
  void aShardsFramesAreReadFromThePartitionOfItsKey() throws Exception {
    KafkaEventLog log = open(InProcessKafka.newTopic("shards"), 4);
    TenantId t = TenantId.of("acme");
    log.publish(t, 5, List.of("five".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    try (PartitionConsumer c = log.consumer("g", log.partitionFor(t, 5))) {
      List<LogRecord> got = drain(c, 1);
      assertEquals(List.of("five"), got.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList());
    }
  }

  @Test
  void aMissingTopicIsAnErrorWhenCreatingIsOff() {
    IOException e = assertThrows(IOException.class, () -> new KafkaEventLog(
        KafkaEventLogOptions.of(KAFKA.bootstrapServers(), InProcessKafka.newTopic("absent"), 2).withCreateTopic(false)));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void publishingAfterCloseFails() throws Exception {
    KafkaEventLog log = open(InProcessKafka.newTopic("closed"), 1);
    log.close();
    var f = log.publish(TenantId.of("acme"), List.of(bytes("late")));
    assertTrue(f.isCompletedExceptionally());
  }
}
