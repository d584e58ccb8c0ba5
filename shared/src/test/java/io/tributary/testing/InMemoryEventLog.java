package io.tributary.testing;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.LogRecord;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventLog} in memory, for tests of the core: offsets are record indexes. Publishing can
 * be made to fail, to test what callers do then.
 */
public final class InMemoryEventLog implements EventLog {

  private final List<List<byte[]>> partitions = new ArrayList<>();
  private final Map<String, Long> committed = new HashMap<>();
  private volatile boolean failing;

  public InMemoryEventLog(int partitionCount) {
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(new ArrayList<>());
    }
  }

  public void failPublishes(boolean fail) {
    this.failing = fail;
  }

  /** Every frame published so far, in partition order. */
  public synchronized List<byte[]> frames() {
    List<byte[]> all = new ArrayList<>();
    partitions.forEach(all::addAll);
    return all;
  }

  @Override
  public int partitions() {
    return partitions.size();
  }

  @Override
  public synchronized CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
    if (failing) {
      return CompletableFuture.failedFuture(new IOException("disk full (simulated)"));
    }
    partitions.get(partitionFor(tenant)).addAll(frames);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public PartitionConsumer consumer(String group, int partition) {
    return new PartitionConsumer() {
      long position = committedOffset(group, partition);

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public List<LogRecord> poll(int maxBytes, Duration timeout) {
        synchronized (InMemoryEventLog.this) {
          List<byte[]> p = partitions.get(partition);
          List<LogRecord> out = new ArrayList<>();
          int bytes = 0;
          while (position < p.size() && (out.isEmpty() || bytes < maxBytes)) {
            byte[] payload = p.get((int) position);
            out.add(new LogRecord(partition, position, position + 1, payload));
            bytes += payload.length;
            position++;
          }
          return out;
        }
      }

      @Override
      public void commit(long nextOffset) {
        synchronized (InMemoryEventLog.this) {
          committed.put(group + "/" + partition, nextOffset);
        }
      }

      @Override
      public void rewind() {
        position = committedOffset(group, partition);
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public synchronized long endOffset(int partition) {
    return partitions.get(partition).size();
  }

  @Override
  public synchronized long committedOffset(String group, int partition) {
    return committed.getOrDefault(group + "/" + partition, 0L);
  }

  @Override
  public void close() {
  }
}
