package io.tributary.local.querycache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tributary.event.TenantId;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import java.time.Duration;
import java.util.Optional;

/**
 * The in-process {@link QueryCache}: Caffeine, bounded by the bytes of the answers it holds (the
 * least valuable go first, Caffeine's W-TinyLFU), each entry with its own time to live. Keys are
 * the tenant and the query key together, so tenants never share an entry.
 */
public final class CaffeineQueryCache implements QueryCache {

  /** What one entry costs beyond its answer's bytes (key, node, timers), for the weigher. */
  private static final int ENTRY_OVERHEAD = 160;

  private record Key(TenantId tenant, String hex) {
  }

  private record Entry(byte[] answer, long ttlNanos) {
  }

  private final Cache<Key, Entry> cache;

  /** @param maxBytes the answers' bytes the cache holds at most */
  public CaffeineQueryCache(long maxBytes) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key k, Entry e) -> (int) Math.min(Integer.MAX_VALUE, (long) e.answer().length + ENTRY_OVERHEAD))
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key key, Entry value, long currentTime) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  @Override
  public Optional<byte[]> get(TenantId tenant, QueryCacheKey key) {
    Entry e = cache.getIfPresent(new Key(tenant, key.hex()));
    return e == null ? Optional.empty() : Optional.of(e.answer().clone());
  }

  @Override
  public void put(TenantId tenant, QueryCacheKey key, byte[] answer, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      return;
    }
    cache.put(new Key(tenant, key.hex()), new Entry(answer.clone(), ttl.toNanos()));
  }

  /** Entries held now (after pending evictions), for tests and health. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }
}
