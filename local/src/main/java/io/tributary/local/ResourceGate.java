package io.tributary.local;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.http.Problem;
import io.tributary.ingest.IngestGate;
import io.tributary.ingest.LagGate;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Backpressure of the local runtime: the scoped {@link LagGate} on the journal's lags (in bytes),
 * plus the disk: while the data folder's disk is nearly full, everyone is refused. The journal's
 * offsets are in memory, so the readings are refreshed on the request thread, at most every
 * 100 ms; a request in between pays a volatile read and a set lookup.
 */
final class ResourceGate implements IngestGate {

  private static final long REFRESH_NANOS = 100_000_000L;

  private final LagGate lags;
  private final LongSupplier freeDisk;
  private final long minFree;
  private volatile long checkedAt;
  private volatile long free = Long.MAX_VALUE;

  /**
   * @param lags how far processing is behind on each partition, by partition index, in bytes
   * @param partitionOf the partition a tenant's frames go to
   * @param maxLag refuse a partition's tenants while its lag is above this
   * @param minFree refuse everyone while the disk has less free than this
   */
  ResourceGate(Supplier<long[]> lags, ToIntFunction<TenantId> partitionOf, LongSupplier freeDisk, long maxLag,
      long minFree) {
    this.lags = new LagGate(lags::get, partitionOf, maxLag, LagGate.Unit.BYTES);
    this.freeDisk = freeDisk;
    this.minFree = minFree;
    this.checkedAt = System.nanoTime() - 2 * REFRESH_NANOS;
  }

  /** A partition whose offsets cannot be read counts as infinitely behind: its tenants wait. */
  static ResourceGate of(EventLog log, String group, Path dataDir, long maxLag, long minFree) throws IOException {
    FileStore store = Files.getFileStore(dataDir);
    return new ResourceGate(() -> {
      long[] out = new long[log.partitions()];
      for (int p = 0; p < out.length; p++) {
        try {
          out[p] = Math.max(0, log.endOffset(p) - log.committedOffset(group, p));
        } catch (IOException e) {
          out[p] = Long.MAX_VALUE;
        }
      }
      return out;
    }, log::partitionFor, () -> {
      try {
        return store.getUsableSpace();
      } catch (IOException e) {
        return 0;
      }
    }, maxLag, minFree);
  }

  @Override
  public Problem refuse(TenantId tenant) {
    long now = System.nanoTime();
    if (now - checkedAt > REFRESH_NANOS) {
      synchronized (this) {
        if (now - checkedAt > REFRESH_NANOS) {
          free = freeDisk.getAsLong();
          try {
            lags.refresh();
          } catch (IOException e) {
            // The supplier reads memory and maps failures to an infinite lag; nothing to keep here.
          }
          checkedAt = now;
        }
      }
    }
    long f = free;
    if (f < minFree) {
      return Problem.of(503, "disk_full", "the server's disk has " + (f >> 20) + " MiB free, under its floor of "
          + (minFree >> 20) + " MiB; nothing was accepted: retry later").with("retryAfterSeconds", 30);
    }
    return lags.refuse(tenant);
  }

  @Override
  public void published(TenantId tenant, int frames, long bytes) {
    lags.published(tenant, frames, bytes);
  }
}
