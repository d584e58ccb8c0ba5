package io.tributary.local;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An event log that makes every publish durable at once, keeping the frames in memory when asked
 * to, for whoever holds it to hand them to processing itself: the start-up warm-up
 * ({@link ProcessingWarmup}), and the benchmarks of ingest and processing, which measure their own
 * work and not a disk's. It has no consumers.
 */
public final class CapturedFrames implements EventLog {

  private final boolean keep;
  private final List<byte[]> frames = new ArrayList<>();

  /** @param keep whether published frames are kept ({@link #frames}, {@link #take}) or dropped */
  public CapturedFrames(boolean keep) {
    this.keep = keep;
  }

  /** The frames kept so far. */
  public synchronized List<byte[]> frames() {
    return List.copyOf(frames);
  }

  /** The frames kept so far, handed over and forgotten, once there are at least {@code atLeast}; else none. */
  public synchronized List<byte[]> take(int atLeast) {
    if (frames.size() < atLeast) {
      return List.of();
    }
    List<byte[]> out = List.copyOf(frames);
    frames.clear();
    return out;
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
    throw new UnsupportedOperationException("the holder of captured frames hands them to processing itself");
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
