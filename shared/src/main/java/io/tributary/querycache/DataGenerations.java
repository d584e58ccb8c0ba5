package io.tributary.querycache;

import io.tributary.event.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter per tenant that moves on whenever stored events leave or come back other than by
 * processing — an erasure, a day dropped by retention, a replay — and that the query service puts
 * into its cache keys, so that an answer cached before is never served after (a cached page could
 * otherwise show an erased event for as long as its TTL). Kept in this process: where instances
 * share a cache (Redis), an instance that did not make the change serves its cached answers until
 * they expire; erasure and replay run locally only for now (docs/retention.md). Thread-safe.
 */
public final class DataGenerations {

  private final ConcurrentHashMap<TenantId, AtomicLong> generations = new ConcurrentHashMap<>();

  /** The tenant's generation: 0 until its data first changes so. */
  public long of(TenantId tenant) {
    AtomicLong g = generations.get(tenant);
    return g == null ? 0 : g.get();
  }

  /** Moves the tenant's generation on: answers cached before are not served again. */
  public void changed(TenantId tenant) {
    generations.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
  }
}
