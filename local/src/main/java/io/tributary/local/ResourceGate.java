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

/**
 * Backpressure of the local runtime: ingest answers 503 with Retry-After while processing is more
 * than a set number of journal bytes behind, or while the data folder's disk is nearly full. The
 * readings are refreshed at most every 100 ms, so a request pays a volatile read.
 */
final class ResourceGate implements IngestGate {

  private static final long REFRESH_NANOS = 100_000_000L;

  private final LongSupplier lag;
  private final LongSupplier freeDisk;
  private final long maxLag;
  private final long minFree;
  private volatile long checkedAt;
  private volatile Problem current;

  ResourceGate(LongSupplier lag, LongSupplier freeDisk, long maxLag, long minFree) {
    this.lag = lag;
    this.freeDisk = freeDisk;
    this.maxLag = maxLag;
    this.minFree = minFree;
    this.checkedAt = System.nanoTime() - 2 * REFRESH_NANOS;
  }

  static ResourceGate of(EventLog log, String group, Path dataDir, long maxLag, long minFree) throws IOException {
    FileStore store = Files.getFileStore(dataDir);
    return new ResourceGate(() -> {
      try {
        return log.lag(group);
      } catch (IOException e) {
        return Long.MAX_VALUE;
      }
    }, () -> {
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
          current = check();
          checkedAt = now;
        }
      }
    }
    return current;
  }

  private Problem check() {
    long free = freeDisk.getAsLong();
    if (free < minFree) {
      return Problem.of(503, "disk_full", "the server's disk has " + (free >> 20) + " MiB free, under its floor of "
          + (minFree >> 20) + " MiB; nothing was accepted: retry later").with("retryAfterSeconds", 30);
    }
    long behind = lag.getAsLong();
    if (behind > maxLag) {
      return Problem.of(503, "backpressure", "processing is " + (behind >> 20) + " MiB behind ingest (limit "
          + (maxLag >> 20) + " MiB); nothing was accepted: retry after the Retry-After delay")
          .with("retryAfterSeconds", 2);
    }
    return null;
  }
}
