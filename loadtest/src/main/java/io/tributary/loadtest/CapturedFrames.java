package io.tributary.loadtest;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An event log that makes every publish durable at once, keeping the frames when asked to:
 * benchmarks of ingest and processing measure their own work, not a disk's.
 */
final class CapturedFrames implements EventLog {

  private final boolean keep;
  private final List<byte[]> frames = new ArrayList<>();

  CapturedFrames(boolean keep) {
    this.keep = keep;
  }

  synchronized List<byte[]> frames() {
    return List.copyOf(frames);
  }

  @Override
  public int partitions() {
    return 1;
  }

  @Override
  public synchronized CompletableFuture<Void> publish(TenantId tenant, List<byte[]> published) {
    if (keep) {
      frames.addAll(published);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public PartitionConsumer consumer(String group, int partition) {
    throw new UnsupportedOperationException("benchmarks only publish");
  }

  @Override
  public long endOffset(int partition) {
    return 0;
  }

  @Override
  public long committedOffset(String group, int partition) {
    return 0;
  }

  @Override
  public void close() {
  }
}
