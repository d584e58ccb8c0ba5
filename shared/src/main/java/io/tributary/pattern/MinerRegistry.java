package io.tributary.pattern;

import io.tributary.event.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pattern miners of all streams, one per (tenant, service), created on first use. Memory is
 * bounded twice: at most {@code maxMiners} miners, each held to its {@link MinerOptions}, and at
 * most {@code maxBytes} retained by all of them together (checked every {@value #CHECK_EVERY}
 * lines a thread mines, so it may be overshot by what that many lines per mining thread add).
 * Beyond either bound the least recently used miner is dropped, and with it its patterns.
 *
 * <p>Thread-safe, and finding a miner takes no lock: processing threads mine every event, and a
 * registry-wide lock per event made them queue behind one another. A lock is taken only to add or
 * drop miners; mining locks the miner, which is in practice one thread's (a tenant's events come
 * from one partition).
 */
public final class MinerRegistry {

  public static final int DEFAULT_MAX_MINERS = 256;
  public static final long DEFAULT_MAX_BYTES = 128L << 20;
  static final int CHECK_EVERY = 1024;

  private final MinerOptions options;
  private final int maxMiners;
  private final long maxBytes;
  private final ConcurrentHashMap<StreamKey, Slot> miners = new ConcurrentHashMap<>();
  /** Held to add, drop or replace miners, so the bounds are enforced by one thread at a time. */
  private final Object membership = new Object();
  /** A logical clock for least-recently-used order: each use stamps its slot. */
  private final AtomicLong clock = new AtomicLong();
  private static final ThreadLocal<int[]> MINED_HERE = ThreadLocal.withInitial(() -> new int[1]);

  /** A miner and when it was last used. */
  private static final class Slot {
    final PatternMiner miner;
    volatile long lastUsed;

    Slot(PatternMiner miner, long now) {
      this.miner = miner;
      this.lastUsed = now;
    }
  }

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
    Slot slot = miners.get(key);
    if (slot == null) {
      synchronized (membership) {
        slot = miners.get(key);
        if (slot == null) {
          slot = new Slot(new PatternMiner(options), clock.incrementAndGet());
          miners.put(key, slot);
          while (miners.size() > maxMiners && dropLeastRecentlyUsed(key)) {
            // dropped one
          }
        }
      }
    }
    // A stamp from the clock without advancing it: uses between two additions share a stamp,
    // which is enough to tell streams in use from idle ones.
    long now = clock.get();
    if (slot.lastUsed != now) {
      slot.lastUsed = now;
    }
    return slot.miner;
  }

  /** Drops the least recently used miner other than {@code keep}'s; false when there is none. Holds {@code membership}. */
  private boolean dropLeastRecentlyUsed(StreamKey keep) {
    StreamKey eldest = null;
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<StreamKey, Slot> e : miners.entrySet()) {
      if (!e.getKey().equals(keep) && e.getValue().lastUsed < oldest) {
        oldest = e.getValue().lastUsed;
        eldest = e.getKey();
      }
    }
    return eldest != null && miners.remove(eldest) != null;
  }

  /** Mines {@code body} in the stream of a tenant's service. */
  public Pattern mine(TenantId tenant, String service, String body) {
    Pattern p = miner(tenant, service).mine(body);
    int[] mined = MINED_HERE.get();
    if (++mined[0] >= CHECK_EVERY) {
      mined[0] = 0;
      clock.incrementAndGet();
      enforceMaxBytes();
    }
    return p;
  }

  /** Drops least recently used miners while all together retain more than {@code maxBytes}. */
  void enforceMaxBytes() {
    synchronized (membership) {
      long total = retainedBytes();
      while (total > maxBytes && miners.size() > 1) {
        StreamKey eldest = null;
        Slot eldestSlot = null;
        for (Map.Entry<StreamKey, Slot> e : miners.entrySet()) {
          if (eldestSlot == null || e.getValue().lastUsed < eldestSlot.lastUsed) {
            eldest = e.getKey();
            eldestSlot = e.getValue();
          }
        }
        miners.remove(eldest);
        total -= eldestSlot.miner.retainedBytes();
      }
    }
  }

  /** An upper bound of the memory all miners retain now, in bytes. */
  public long retainedBytes() {
    long total = 0;
    for (Slot s : miners.values()) {
      total += s.miner.retainedBytes();
    }
    return total;
  }

  /**
   * Every id the pattern {@code id} has had in the tenant's streams the registry holds (its current
   * id and former ids, {@link PatternMiner#equivalentIds}); at least {@code id} itself. A query for
   * a pattern asks for all of them, so it finds the lines mined before its template generalised
   * and after.
   */
  public Set<String> equivalentIds(TenantId tenant, String id) {
    Set<String> out = new LinkedHashSet<>();
    out.add(id);
    for (Map.Entry<StreamKey, Slot> e : miners.entrySet()) {
      if (e.getKey().tenant().equals(tenant)) {
        out.addAll(e.getValue().miner.equivalentIds(id));
      }
    }
    return out;
  }

  /**
   * The id the pattern {@code id} names has now in {@code tenant}'s streams (the id of the template
   * it generalised into), or {@code id} itself when no miner knows it.
   */
  public String currentId(TenantId tenant, String id) {
    for (Map.Entry<StreamKey, Slot> e : miners.entrySet()) {
      if (e.getKey().tenant().equals(tenant)) {
        Pattern p = e.getValue().miner.resolve(id);
        if (p != null) {
          return p.id();
        }
      }
    }
    return id;
  }

  /** The saved state of a stream's miner, when the registry holds one. */
  public Optional<MinerState> snapshot(TenantId tenant, String service) {
    Slot s = miners.get(new StreamKey(tenant, service));
    return s == null ? Optional.empty() : Optional.of(s.miner.snapshot());
  }

  /** Replaces a stream's miner with one restored from {@code state}, held to this registry's options. */
  public void restore(TenantId tenant, String service, MinerState state) {
    PatternMiner m = PatternMiner.restore(new MinerState(state.version(), options, state.sequence(), state.clusters()));
    StreamKey key = new StreamKey(tenant, service);
    synchronized (membership) {
      miners.put(key, new Slot(m, clock.incrementAndGet()));
      while (miners.size() > maxMiners && dropLeastRecentlyUsed(key)) {
        // dropped one
      }
    }
  }

  /** The saved state of every miner the registry holds now, least recently used first. */
  public Map<StreamKey, MinerState> snapshotAll() {
    List<Map.Entry<StreamKey, Slot>> entries = new ArrayList<>(miners.entrySet());
    entries.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
    Map<StreamKey, MinerState> out = new LinkedHashMap<>();
    for (Map.Entry<StreamKey, Slot> e : entries) {
      out.put(e.getKey(), e.getValue().miner.snapshot());
    }
    return out;
  }

  public int minerCount() {
    return miners.size();
  }

  /** The bound, in bytes, on the memory all miners together retain (overshot by at most {@value #CHECK_EVERY} lines' worth per mining thread). */
  public long maxRetainedBytes() {
    return Math.min(maxBytes, maxMiners * options.maxRetainedBytes());
  }
}
