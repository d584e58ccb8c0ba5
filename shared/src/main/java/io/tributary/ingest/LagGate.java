package io.tributary.ingest;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * Backpressure scoped to the tenants behind a backlog, on any event log. A tenant's frames all go
 * to one partition; when processing of a partition is more than {@code maxLag} offset units behind,
 * ingest answers 503 {@code backpressure} with Retry-After to the tenants that wrote that backlog:
 * the fewest heaviest writers that together wrote at least half of what the partition took since
 * it was last within its limit (ties included). The partition's other tenants keep getting 202,
 * and tenants of other partitions are never refused for it. Past {@link #CEILING} times
 * {@code maxLag}, or when nobody this gate saw wrote the backlog (it was there before a restart, or
 * other instances wrote it), every tenant of the partition is refused, so a stalled partition
 * cannot grow without bound.
 *
 * <p>{@link #refuse} answers from the last {@link #refresh}: a volatile read and a set lookup.
 * Who refreshes, and how often, is the runtime's choice: the local one on the request thread at
 * most every 100 ms (its journal's offsets are in memory), the deployed one on a background
 * thread ({@link LagRefresher}), since reading Event Hubs' offsets costs network calls. Until the
 * first refresh every partition reads as caught up. A refresh that fails leaves the last readings
 * in force.
 *
 * <p>What each tenant wrote is counted by this gate only: with several instances behind a load
 * balancer each sees its own share of a backlog, so a tenant spread evenly over many instances
 * may stay under "most of it" on each while the partition passes its limit; the ceiling then
 * still holds the whole partition. Thread-safe.
 */
public final class LagGate implements IngestGate {

  /** Past this many times its lag limit, a partition refuses all its tenants, not only the heaviest writers. */
  public static final int CEILING = 2;
  /** What a refused request is told to wait, in seconds. */
  static final int RETRY_AFTER_SECONDS = 2;

  /** The unit of an event log's offsets, in which lags, the limit and what tenants wrote are counted. */
  public enum Unit {
    /** The local journal's offsets: bytes of records. */
    BYTES,
    /** Event Hubs sequence numbers and Kafka offsets: one event (record) per frame. */
    FRAMES;

    long of(int frames, long bytes) {
      return this == BYTES ? bytes : frames;
    }

    String amount(long n) {
      return this == FRAMES ? n + " frames" : n >= 1 << 20 ? (n >> 20) + " MiB" : n + " bytes";
    }
  }

  /** Reads how far processing is behind on each partition, by partition index. */
  @FunctionalInterface
  public interface LagSource {
    long[] read() throws IOException;
  }

  /**
   * What the last refresh read: each partition's lag, the tenants refused while their partition
   * lags between its limit and the ceiling, and the lagging partitions nobody here wrote to.
   */
  private record Readings(long[] lags, Set<TenantId> heavy, boolean[] unattributed) {
  }

  private final LagSource source;
  private final ToIntFunction<TenantId> partitionOf;
  private final long maxLag;
  private final Unit unit;
  /** Replaced whole by {@link #refresh}; never null. */
  private volatile Readings current = new Readings(new long[0], Set.of(), new boolean[0]);
  /** What each tenant published, in {@link #unit}s, since its partition was last within its limit. */
  private final ConcurrentHashMap<TenantId, LongAdder> written = new ConcurrentHashMap<>();

  /**
   * @param source how far processing is behind on each partition, in {@code unit}s
   * @param partitionOf the partition a tenant's frames go to
   * @param maxLag refuse a partition's heaviest writers while its lag is above this
   * @param unit the unit of {@code source}'s lags and of {@code maxLag}
   */
  public LagGate(LagSource source, ToIntFunction<TenantId> partitionOf, long maxLag, Unit unit) {
    this.source = source;
    this.partitionOf = partitionOf;
    this.maxLag = maxLag;
    this.unit = unit;
  }

  /** A gate on {@code log}'s lags for {@code group} ({@link EventLog#lags}), whose offsets are in {@code unit}s. */
  public static LagGate of(EventLog log, String group, long maxLag, Unit unit) {
    return new LagGate(() -> log.lags(group), log::partitionFor, maxLag, unit);
  }

  @Override
  public Problem refuse(TenantId tenant) {
    Readings r = current;
    int p = partitionOf.applyAsInt(tenant);
    long behind = p >= 0 && p < r.lags().length ? r.lags()[p] : 0;
    if (behind <= maxLag) {
      return null;
    }
    String why;
    if (behind > ceiling()) {
      why = ", more than " + CEILING + " times its limit, so every tenant of the partition waits";
    } else if (r.unattributed()[p]) {
      why = " and this instance did not see who wrote that backlog, so every tenant of the partition waits";
    } else if (r.heavy().contains(tenant)) {
      why = " and this tenant wrote most of that backlog";
    } else {
      return null;
    }
    return Problem.of(503, "backpressure", "processing of this tenant's partition is " + unit.amount(behind)
        + " behind ingest (limit " + unit.amount(maxLag) + ")" + why
        + "; nothing was accepted: retry after the Retry-After delay")
        .with(ProblemHeaders.RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS);
  }

  @Override
  public void published(TenantId tenant, int frames, long bytes) {
    written.computeIfAbsent(tenant, t -> new LongAdder()).add(unit.of(frames, bytes));
  }

  /**
   * Reads the lags; forgets what was written to partitions within their limit; names the heaviest
   * writers of each lagging one. When the reading fails the last readings stay in force.
   */
  public synchronized void refresh() throws IOException {
    long[] l = source.read().clone();
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
    current = new Readings(l, Set.copyOf(heavy), unattributed);
  }

  /** Each partition's lag as last read, in {@link #unit()}s; empty before the first refresh. */
  public long[] lags() {
    return current.lags().clone();
  }

  public Unit unit() {
    return unit;
  }

  private long ceiling() {
    return maxLag > Long.MAX_VALUE / CEILING ? Long.MAX_VALUE : maxLag * CEILING;
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
