package io.tributary.functions.kafka;

import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * One partition of a {@link KafkaEventLog} for one group: a {@link KafkaConsumer} assigned that
 * partition by hand (no group rebalancing; the caller owns the partition), starting at the group's
 * committed offset. Commits are synchronous, so {@link #commit} returns only once the offset is
 * stored in the cluster. Records a poll brought beyond {@code maxBytes} wait for the next poll.
 */
final class KafkaPartitionConsumer implements PartitionConsumer {

  private final KafkaConsumer<String, byte[]> consumer;
  private final TopicPartition tp;
  private final Duration timeout;
  private final ArrayDeque<LogRecord> buffered = new ArrayDeque<>();

  KafkaPartitionConsumer(KafkaConsumer<String, byte[]> consumer, TopicPartition tp, Duration timeout) {
    this.consumer = consumer;
    this.tp = tp;
    this.timeout = timeout;
    consumer.assign(List.of(tp));
    seekToCommitted();
  }

  private void seekToCommitted() {
    buffered.clear();
    OffsetAndMetadata c = consumer.committed(Set.of(tp), timeout).get(tp);
    if (c == null) {
      consumer.seekToBeginning(List.of(tp));
    } else {
      consumer.seek(tp, c.offset());
    }
  }

  @Override
  public int partition() {
    return tp.partition();
  }

  @Override
  public List<LogRecord> poll(int maxBytes, Duration wait) throws IOException, InterruptedException {
    if (buffered.isEmpty()) {
      try {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait).records(tp)) {
          buffered.add(new LogRecord(tp.partition(), r.offset(), r.offset() + 1, r.value()));
        }
      } catch (InterruptException e) {
        throw new InterruptedException("interrupted polling " + tp);
      } catch (KafkaException e) {
        throw new IOException("cannot poll " + tp + ": " + e.getMessage(), e);
      }
    }
    List<LogRecord> out = new ArrayList<>();
    long bytes = 0;
    while (!buffered.isEmpty() && (out.isEmpty() || bytes + buffered.peek().payload().length <= maxBytes)) {
      LogRecord r = buffered.poll();
      bytes += r.payload().length;
      out.add(r);
    }
    return out;
  }

  @Override
  public void commit(long nextOffset) throws IOException {
    try {
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(nextOffset)), timeout);
    } catch (KafkaException e) {
      throw new IOException("cannot commit " + tp + " at " + nextOffset + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void rewind() throws IOException {
    try {
      seekToCommitted();
    } catch (KafkaException e) {
      throw new IOException("cannot rewind " + tp + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
