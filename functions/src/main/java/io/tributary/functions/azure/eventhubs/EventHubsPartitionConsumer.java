package io.tributary.functions.azure.eventhubs;

import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition of an {@link EventHubsEventLog} for one consumer group: each poll asks the service
 * for the events from the next sequence number on ({@link EventHubConsumerClient#receiveFromPartition}),
 * and a commit writes the group's checkpoint. Events beyond {@code maxBytes} wait for the next poll.
 */
final class EventHubsPartitionConsumer implements PartitionConsumer {

  private final EventHubsEventLog log;
  private final EventHubConsumerClient client;
  private final String group;
  private final int partition;
  private final ArrayDeque<LogRecord> buffered = new ArrayDeque<>();
  /** The sequence number the next receive starts at. */
  private long next;

  EventHubsPartitionConsumer(EventHubsEventLog log, EventHubConsumerClient client, String group, int partition,
      long committed) {
    this.log = log;
    this.client = client;
    this.group = group;
    this.partition = partition;
    this.next = committed;
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public List<LogRecord> poll(int maxBytes, Duration timeout) throws IOException, InterruptedException {
    if (buffered.isEmpty()) {
      Iterable<PartitionEvent> events;
      try {
        events = client.receiveFromPartition(String.valueOf(partition), log.options().receiveBatch(),
            EventPosition.fromSequenceNumber(next, true), timeout);
        for (PartitionEvent pe : events) {
          EventData d = pe.getData();
          long seq = d.getSequenceNumber();
          buffered.add(new LogRecord(partition, seq, seq + 1, d.getBody()));
          next = seq + 1;
        }
      } catch (AmqpException | IllegalStateException e) {
        throw new IOException("cannot receive from partition " + partition + ": " + e.getMessage(), e);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
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
    log.checkpoint(group, partition, nextOffset);
  }

  @Override
  public void rewind() throws IOException {
    buffered.clear();
    next = log.committedOffset(group, partition);
  }

  @Override
  public void close() {
    client.close();
  }
}
