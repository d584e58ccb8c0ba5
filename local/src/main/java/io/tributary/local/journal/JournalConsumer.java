package io.tributary.local.journal;

import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Reads one journal partition for one group, from its committed offset. Not thread-safe. */
final class JournalConsumer implements PartitionConsumer {

  private final Journal journal;
  private final JournalPartition partition;
  private final String group;
  private long position;

  JournalConsumer(Journal journal, JournalPartition partition, String group, long committed) {
    this.journal = journal;
    this.partition = partition;
    this.group = group;
    this.position = committed;
  }

  @Override
  public int partition() {
    return partition.id;
  }

  @Override
  public List<LogRecord> poll(int maxBytes, Duration timeout) throws IOException, InterruptedException {
    if (partition.durableEnd() <= position && !journal.isClosed()) {
      partition.awaitBeyond(position, timeout.toNanos());
    }
    List<LogRecord> records = partition.read(position, maxBytes);
    if (!records.isEmpty()) {
      position = records.get(records.size() - 1).nextOffset();
    }
    return records;
  }

  @Override
  public void commit(long nextOffset) throws IOException {
    journal.commit(group, partition, nextOffset);
  }

  @Override
  public void rewind() throws IOException {
    position = journal.committedOffset(group, partition.id);
  }

  @Override
  public void close() {
    // Nothing held: positions live in the checkpoint files.
  }
}
