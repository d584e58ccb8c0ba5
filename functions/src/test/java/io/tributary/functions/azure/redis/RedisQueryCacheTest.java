package io.tributary.functions.azure.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.QueryCacheContract;
import io.tributary.event.TenantId;
import io.tributary.functions.testing.RedisServer;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The shared query cache on a real redis-server; each cache has its own client, as instances do. */
class RedisQueryCacheTest extends QueryCacheContract {

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  @Override
  protected QueryCache cache() {
    return new RedisQueryCache(RedisClient.create(REDIS.host(), REDIS.port()), "tributary:qc:");
  }

  @Test
  void anEntryIsOneKeyInTheTenantsHashSlotWithItsTimeToLive() throws Exception {
    TenantId t = tenant("slot");
    QueryCacheKey k = QueryCacheKey.of("query", "{}");
    try (QueryCache c = cache(); UnifiedJedis redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      c.put(t, k, new byte[] {1, 2, 3}, Duration.ofSeconds(30));
      long ttl = redis.pttl("tributary:qc:{" + t.value() + "}:" + k.hex());
      assertTrue(ttl > 25_000 && ttl <= 30_000, "ttl " + ttl);
    }
  }

  @Test
  void anUnreachableRedisIsAnIoErrorNotACrash() {
    try (QueryCache c = new RedisQueryCache(RedisClient.create("127.0.0.1", 1), "tributary:qc:")) {
      assertThrows(IOException.class, () -> c.get(TenantId.of("x"), QueryCacheKey.of("q")));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
