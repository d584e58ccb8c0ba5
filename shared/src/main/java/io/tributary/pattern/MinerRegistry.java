package io.tributary.pattern;

import io.tributary.event.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pattern miners of all streams, one per (tenant, service), created on first use. Memory is
 * bounded: at most {@code maxMiners} miners (the least recently used is dropped, and with it its
 * patterns), each bounded by its {@link MinerOptions}; {@link #maxRetainedBytes()} gives the
 * bound. Thread-safe: the registry's lock is held only to find a miner; mining locks the miner.
 */
public final class MinerRegistry {

  public static final int DEFAULT_MAX_MINERS = 256;

  private final MinerOptions options;
  private final int maxMiners;
  private final Map<StreamKey, PatternMiner> miners;

  public MinerRegistry(MinerOptions options, int maxMiners) {
    if (maxMiners < 1) {
      throw new IllegalArgumentException("maxMiners must be at least 1: " + maxMiners);
    }
    this.options = options;
    this.maxMiners = maxMiners;
    this.miners = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<StreamKey, PatternMiner> eldest) {
        return size() > MinerRegistry.this.maxMiners;
      }
    };
  }

  /** A registry with {@link MinerOptions#defaults()} and {@value #DEFAULT_MAX_MINERS} miners. */
  public MinerRegistry() {
    this(MinerOptions.defaults(), DEFAULT_MAX_MINERS);
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
    return miner(tenant, service).mine(body);
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

  public int minerCount() {
    synchronized (miners) {
      return miners.size();
    }
  }

  /** An upper bound, in bytes, on the memory all miners together retain. */
  public long maxRetainedBytes() {
    return maxMiners * options.maxRetainedBytes();
  }
}
