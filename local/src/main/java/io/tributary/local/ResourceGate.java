package io.tributary.local;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.http.Problem;
import io.tributary.ingest.IngestGate;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Backpressure of the local runtime: ingest answers 503 with Retry-After to the tenants of a
 * partition whose processing is more than a set number of journal bytes behind (a tenant's frames
 * all go to one partition), and to everyone while the data folder's disk is nearly full. One
 * tenant's lag or poison data thus refuses only the tenants that share its partition; the others
 * keep getting 202. The readings are refreshed at most every 100 ms, so a request pays a volatile
 * read.
 */
final class ResourceGate implements IngestGate {

  private static final long REFRESH_NANOS = 100_000_000L;

  private final Supplier<long[]> lags;
  private final ToIntFunction<TenantId> partitionOf;
  private final LongSupplier freeDisk;
  private final long maxLag;
  private final long minFree;
  private volatile long checkedAt;
  private volatile Readings current;

  /** What the last refresh read: free disk, and each partition's lag. */
  private record Readings(long free, long[] lags) {
  }

  /**
   * @param lags how far processing is behind on each partition, by partition index
   * @param partitionOf the partition a tenant's frames go to
   * @param maxLag refuse a partition's tenants while its lag is above this
   * @param minFree refuse everyone while the disk has less free than this
   */
  ResourceGate(Supplier<long[]> lags, ToIntFunction<TenantId> partitionOf, LongSupplier freeDisk, long maxLag,
      long minFree) {
    this.lags = lags;
    this.partitionOf = partitionOf;
    this.freeDisk = freeDisk;
    this.maxLag = maxLag;
    this.minFree = minFree;
    this.checkedAt = System.nanoTime() - 2 * REFRESH_NANOS;
  }

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
    Readings r = current;
    if (now - checkedAt > REFRESH_NANOS) {
      synchronized (this) {
        if (now - checkedAt > REFRESH_NANOS) {
          current = new Readings(freeDisk.getAsLong(), lags.get());
          checkedAt = now;
        }
        r = current;
      }
    }
    if (r.free() < minFree) {
      return Problem.of(503, "disk_full", "the server's disk has " + (r.free() >> 20) + " MiB free, under its floor of "
          + (minFree >> 20) + " MiB; nothing was accepted: retry later").with("retryAfterSeconds", 30);
    }
    int p = partitionOf.applyAsInt(tenant);
    long behind = p >= 0 && p < r.lags().length ? r.lags()[p] : 0;
    if (behind > maxLag) {
      return Problem.of(503, "backpressure", "processing of this tenant's partition is " + (behind >> 20)
          + " MiB behind ingest (limit " + (maxLag >> 20) + " MiB); nothing was accepted: retry after the"
          + " Retry-After delay").with("retryAfterSeconds", 2);
    }
    return null;
  }
}
