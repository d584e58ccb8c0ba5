package io.tributary.testing;

import io.tributary.event.TenantId;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link QueryCache} in a map, expiring by a test clock; {@link #down} makes every call fail as a
 * Redis that does not answer would. Records the last TTL it was given.
 */
public final class ClockedQueryCache implements QueryCache {

  private record Entry(byte[] answer, Instant expires) {
  }

  private final Clock clock;
  private final Map<String, Entry> entries = new HashMap<>();
  public volatile boolean down;
  public volatile Duration lastTtl;

  public ClockedQueryCache(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<byte[]> get(TenantId tenant, QueryCacheKey key) throws IOException {
    if (down) {
      throw new IOException("the query cache (Redis) did not answer: connection refused");
    }
    Entry e = entries.get(tenant.value() + "/" + key.hex());
    return e == null || !clock.instant().isBefore(e.expires) ? Optional.empty() : Optional.of(e.answer.clone());
  }

  @Override
  public synchronized void put(TenantId tenant, QueryCacheKey key, byte[] answer, Duration ttl) throws IOException {
    if (down) {
      throw new IOException("the query cache (Redis) did not answer: connection refused");
    }
    lastTtl = ttl;
    entries.put(tenant.value() + "/" + key.hex(), new Entry(answer.clone(), clock.instant().plus(ttl)));
  }

  @Override
  public void close() {
  }
}
