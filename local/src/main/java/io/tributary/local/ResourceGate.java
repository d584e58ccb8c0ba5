package io.tributary.local;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.http.Problem;
import io.tributary.ingest.IngestGate;
import io.tributary.ingest.LagGate;
import io.tributary.ingest.LagRefresher;
import io.tributary.local.journal.Journal;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Backpressure of the local runtime: the scoped {@link LagGate} on the event log's lags, plus the
 * disk: while the data folder's disk is nearly full, everyone is refused. On the journal, whose
 * offsets are in memory, the lags are counted in bytes ({@code TRIBUTARY_MAX_LAG_BYTES}) and read
 * on the request thread; on Kafka or Event Hubs, whose offsets cost network calls, in frames
 * ({@code TRIBUTARY_MAX_LAG_FRAMES}) and read by a {@link LagRefresher}, as in the deployed app.
 * The disk is read on the request thread. Readings are at most 100 ms old, so a request in between
 * pays a volatile read and a set lookup.
 */
final class ResourceGate implements IngestGate {

  private static final long REFRESH_NANOS = 100_000_000L;

  private final LagGate lags;
  /** Whether requests refresh {@link #lags} (else a background refresher does). */
  private final boolean refreshLags;
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
    this(new LagGate(lags::get, partitionOf, maxLag, LagGate.Unit.BYTES), true, freeDisk, minFree);
  }

  private ResourceGate(LagGate lags, boolean refreshLags, LongSupplier freeDisk, long minFree) {
    this.lags = lags;
    this.refreshLags = refreshLags;
    this.freeDisk = freeDisk;
    this.minFree = minFree;
    this.checkedAt = System.nanoTime() - 2 * REFRESH_NANOS;
  }

  /**
   * The gate of {@code log}: on the journal, a partition whose offsets cannot be read counts as
   * infinitely behind (its tenants wait); on another event log the refresher it starts is added
   * to {@code resources}, and a failed reading keeps the last one.
   */
  static ResourceGate of(EventLog log, Settings s, Path dataDir, List<AutoCloseable> resources) throws IOException {
    FileStore store = Files.getFileStore(dataDir);
    LongSupplier free = () -> {
      try {
        return store.getUsableSpace();
      } catch (IOException e) {
        return 0;
      }
    };
    String group = s.processGroup();
    if (!(log instanceof Journal)) {
      LagGate lags = LagGate.of(log, group, s.maxLagFrames(), LagGate.Unit.FRAMES);
      resources.add(LagRefresher.start(lags, s.lagRefresh()));
      return new ResourceGate(lags, false, free, s.minFreeDiskBytes());
    }
    return new ResourceGate(() -> {
      long[] out = new long[log.partitions()];
      for (int p = 0; p < out.length; p++) {
        try {
          out[p] = log.lag(group, p);
        } catch (IOException e) {
          out[p] = Long.MAX_VALUE;
        }
      }
      return out;
    }, log::partitionFor, free, s.maxLagBytes(), s.minFreeDiskBytes());
  }

  @Override
  public Problem refuse(TenantId tenant) {
    long now = System.nanoTime();
    if (now - checkedAt > REFRESH_NANOS) {
      synchronized (this) {
        if (now - checkedAt > REFRESH_NANOS) {
          free = freeDisk.getAsLong();
          if (refreshLags) {
            try {
              lags.refresh();
            } catch (IOException e) {
              // The journal's reading maps failures to an infinite lag and does not throw.
            }
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
