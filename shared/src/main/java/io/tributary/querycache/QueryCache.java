package io.tributary.querycache;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers of recent queries, kept for a short time so that the same question asked again (a
 * dashboard refreshing, several people looking at one incident) is not computed again. Entries
 * are keyed by tenant and by the query's normalized form ({@link QueryCacheKey}): one tenant's
 * entry is never another's, whatever the key. What is cached, and for how long, is the query
 * service's decision; a cache may drop any entry early. Adapters: in process (Caffeine, bounded
 * by bytes) and Azure Cache for Redis (shared by the instances). Thread-safe.
 */
public interface QueryCache extends AutoCloseable {

  /** A cache that keeps nothing. */
  QueryCache NONE = new QueryCache() {
    @Override
    public Optional<byte[]> get(TenantId tenant, QueryCacheKey key) {
      return Optional.empty();
    }

    @Override
    public void put(TenantId tenant, QueryCacheKey key, byte[] answer, Duration ttl) {
    }

    @Override
    public void close() {
    }
  };

  /** The answer kept for {@code tenant} under {@code key}, if it is still there. */
  Optional<byte[]> get(TenantId tenant, QueryCacheKey key) throws IOException;

  /** Keeps {@code answer} for {@code tenant} under {@code key} for at most {@code ttl}. */
  void put(TenantId tenant, QueryCacheKey key, byte[] answer, Duration ttl) throws IOException;

  @Override
  void close() throws IOException;
}
