package io.tributary.pattern;

import io.tributary.event.TenantId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pattern miners of all streams, one per (tenant, service), created on first use. Memory is
 * bounded twice: at most {@code maxMiners} miners, each held to its {@link MinerOptions}, and at
 * most {@code maxBytes} retained by all of them together (checked every
 * {@value #CHECK_EVERY} mined lines, so it may be overshot by what that many lines add). Beyond
 * either bound the least recently used miner is dropped, and with it its patterns. Thread-safe:
 * the registry's lock is held only to find a miner; mining locks the miner.
 */
public final class MinerRegistry {

  public static final int DEFAULT_MAX_MINERS = 256;
  public static final long DEFAULT_MAX_BYTES = 128L << 20;
  static final int CHECK_EVERY = 1024;

  private final MinerOptions options;
  private final int maxMiners;
  private final long maxBytes;
  private final Map<StreamKey, PatternMiner> miners;
  private final AtomicLong mined = new AtomicLong();

  public MinerRegistry(MinerOptions options, int maxMiners, long maxBytes) {
    if (maxMiners < 1) {
      throw new IllegalArgumentException("maxMiners must be at least 1: " + maxMiners);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.options = options;
    this.maxMiners = maxMiners;
    this.maxBytes = maxBytes;
    this.miners = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<StreamKey, PatternMiner> eldest) {
        return size() > MinerRegistry.this.maxMiners;
      }
    };
  }

  public MinerRegistry(MinerOptions options, int maxMiners) {
    this(options, maxMiners, DEFAULT_MAX_BYTES);
  }

  /** A registry with {@link MinerOptions#defaults()}, {@value #DEFAULT_MAX_MINERS} miners and 128 MiB. */
  public MinerRegistry() {
    this(MinerOptions.defaults(), DEFAULT_MAX_MINERS, DEFAULT_MAX_BYTES);
  }

  /** The miner of a tenant's service, created when new. */
  public PatternMiner miner(TenantId tenant, String service) {
    StreamKey key = new StreamKey(tenant, service);
    synchronized (miners) {
      return miners.computeIfAbsent(key, k -> new PatternMiner(options));
    }
  }

  /** Mines {@code body} in the stream of a tenant's service. */
  public Pattern mine(TenantId tenant, String service, String body) {
    Pattern p = miner(tenant, service).mine(body);
    if (mined.incrementAndGet() % CHECK_EVERY == 0) {
      enforceMaxBytes();
    }
    return p;
  }

  /** Drops least recently used miners while all together retain more than {@code maxBytes}. */
  void enforceMaxBytes() {
    synchronized (miners) {
      long total = retainedBytes();
      Iterator<PatternMiner> eldest = miners.values().iterator();
      while (total > maxBytes && miners.size() > 1 && eldest.hasNext()) {
        total -= eldest.next().retainedBytes();
        eldest.remove();
      }
    }
  }

  /** An upper bound of the memory all miners retain now, in bytes. */
  public long retainedBytes() {
    synchronized (miners) {
      long total = 0;
      for (PatternMiner m : miners.values()) {
        total += m.retainedBytes();
      }
      return total;
    }
  }

  /** The saved state of a stream's miner, when the registry holds one. */
  public Optional<MinerState> snapshot(TenantId tenant, String service) {
    synchronized (miners) {
      PatternMiner m = miners.get(new StreamKey(tenant, service));
      return m == null ? Optional.empty() : Optional.of(m.snapshot());
    }
  }

  /** Replaces a stream's miner with one restored from {@code state}, held to this registry's options. */
  public void restore(TenantId tenant, String service, MinerState state) {
    PatternMiner m = PatternMiner.restore(new MinerState(state.version(), options, state.sequence(), state.clusters()));
    synchronized (miners) {
      miners.put(new StreamKey(tenant, service), m);
    }
  }

  /** The saved state of every miner the registry holds now. */
  public Map<StreamKey, MinerState> snapshotAll() {
    synchronized (miners) {
      Map<StreamKey, MinerState> out = new LinkedHashMap<>();
      miners.forEach((k, m) -> out.put(k, m.snapshot()));
      return out;
    }
  }

  public int minerCount() {
    synchronized (miners) {
      return miners.size();
    }
  }

  /** The bound, in bytes, on the memory all miners together retain (overshot by at most {@value #CHECK_EVERY} lines' worth). */
  public long maxRetainedBytes() {
    return Math.min(maxBytes, maxMiners * options.maxRetainedBytes());
  }
}
