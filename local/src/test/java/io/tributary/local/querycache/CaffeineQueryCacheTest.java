package io.tributary.local.querycache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.QueryCacheContract;
import io.tributary.event.TenantId;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaffeineQueryCacheTest extends QueryCacheContract {

  @Override
  protected QueryCache cache() {
    return new CaffeineQueryCache(16 << 20);
  }

  @Test
  void holdsNoMoreBytesThanItsBound() {
    try (CaffeineQueryCache c = new CaffeineQueryCache(1 << 20)) {
      TenantId t = TenantId.of("bound");
      for (int i = 0; i < 100; i++) {
        c.put(t, QueryCacheKey.of("q", String.valueOf(i)), new byte[64 * 1024], Duration.ofMinutes(1));
      }
      assertTrue(c.size() <= 16, "at most 1 MiB of 64 KiB answers: " + c.size());
    }
  }
}
