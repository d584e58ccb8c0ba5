package io.tributary.local;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.http.Problem;
import io.tributary.ingest.IngestGate;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Backpressure of the local runtime, scoped to the tenants behind a backlog. A tenant's frames all
 * go to one partition; when processing of a partition is more than {@code maxLag} journal bytes
 * behind, ingest answers 503 {@code backpressure} with Retry-After to the tenants that wrote that
 * backlog: the fewest heaviest writers that together wrote at least half of what the partition
 * took since it was last within its limit (ties included). The partition's other tenants keep
 * getting 202, and tenants of other partitions are never refused for it. Past {@link #CEILING}
 * times {@code maxLag}, or when nobody this gate saw wrote the backlog (it was there before a
 * restart), every tenant of the partition is refused, so a stalled partition cannot grow without
 * bound. While the data folder's disk is nearly full, everyone is refused. The readings are
 * refreshed at most every 100 ms, so a request pays a volatile read and a map lookup.
 */
final class ResourceGate implements IngestGate {

  private static final long REFRESH_NANOS = 100_000_000L;
  /** Past this many times its lag limit, a partition refuses all its tenants, not only the heaviest writers. */
  static final int CEILING = 2;

  private final Supplier<long[]> lags;
  private final ToIntFunction<TenantId> partitionOf;
  private final LongSupplier freeDisk;
  private final long maxLag;
  private final long minFree;
  private volatile long checkedAt;
  private volatile Readings current;
  /** Journal bytes each tenant published since its partition was last within its lag limit. */
  private final ConcurrentHashMap<TenantId, LongAdder> written = new ConcurrentHashMap<>();

  /**
   * What the last refresh read: free disk, each partition's lag, and the tenants refused while
   * their partition lags between its limit and the ceiling.
   */
  private record Readings(long free, long[] lags, Set<TenantId> heavy, boolean[] unattributed) {
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
          current = read();
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
    if (behind > maxLag && (behind > ceiling() || r.unattributed()[p] || r.heavy().contains(tenant))) {
      return Problem.of(503, "backpressure", "processing of this tenant's partition is " + (behind >> 20)
          + " MiB behind ingest (limit " + (maxLag >> 20) + " MiB) and this tenant wrote most of that backlog;"
          + " nothing was accepted: retry after the Retry-After delay").with("retryAfterSeconds", 2);
    }
    return null;
  }

  @Override
  public void published(TenantId tenant, long bytes) {
    written.computeIfAbsent(tenant, t -> new LongAdder()).add(bytes);
  }

  private long ceiling() {
    return maxLag > Long.MAX_VALUE / CEILING ? Long.MAX_VALUE : maxLag * CEILING;
  }

  /**
   * Reads disk and lags; forgets what was written to partitions within their limit; names the
   * heaviest writers of each lagging one.
   */
  private Readings read() {
    long free = freeDisk.getAsLong();
    long[] l = lags.get();
    Map<Integer, List<Map.Entry<TenantId, Long>>> byPartition = new HashMap<>();
    for (Map.Entry<TenantId, LongAdder> e : written.entrySet()) {
      int p = partitionOf.applyAsInt(e.getKey());
      if (p < 0 || p >= l.length || l[p] <= maxLag) {
        written.remove(e.getKey(), e.getValue());
      } else {
        byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(Map.entry(e.getKey(), e.getValue().sum()));
      }
    }
    Set<TenantId> heavy = new HashSet<>();
    boolean[] unattributed = new boolean[l.length];
    for (int p = 0; p < l.length; p++) {
      if (l[p] > maxLag) {
        List<Map.Entry<TenantId, Long>> writers = byPartition.getOrDefault(p, List.of());
        heavy.addAll(heaviest(writers));
        unattributed[p] = writers.isEmpty();
      }
    }
    return new Readings(free, l, heavy, unattributed);
  }

  /** The fewest heaviest writers that together wrote at least half, and any that wrote as much as the last of them. */
  static List<TenantId> heaviest(List<Map.Entry<TenantId, Long>> writers) {
    List<Map.Entry<TenantId, Long>> sorted = new ArrayList<>(writers);
    sorted.sort(Map.Entry.<TenantId, Long>comparingByValue().reversed());
    long total = 0;
    for (Map.Entry<TenantId, Long> e : sorted) {
      total += e.getValue();
    }
    List<TenantId> out = new ArrayList<>();
    long sum = 0;
    long last = -1;
    for (Map.Entry<TenantId, Long> e : sorted) {
      if (2 * sum >= total && e.getValue() < last) {
        break;
      }
      out.add(e.getKey());
      sum += e.getValue();
      last = e.getValue();
    }
    return out;
  }
}
