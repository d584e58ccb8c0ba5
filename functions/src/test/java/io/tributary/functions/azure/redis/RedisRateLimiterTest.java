package io.tributary.functions.azure.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.RateLimiterContract;
import io.tributary.event.TenantId;
import io.tributary.functions.testing.RedisServer;
import io.tributary.limits.RateLimiter;
import io.tributary.limits.TenantLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The shared rate limiter on a real redis-server; each limiter has its own client, as instances do. */
class RedisRateLimiterTest extends RateLimiterContract {

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  @Override
  protected RateLimiter limiter() {
    return new RedisRateLimiter(RedisClient.create(REDIS.host(), REDIS.port()), "tributary:rl:");
  }

  @Override
  protected RateLimiter limiter(int i) {
    return limiter();
  }

  @Test
  void anIdleTenantsKeysExpireOnceTheBucketWouldBeFull() throws Exception {
    TenantId t = tenant("idle");
    try (RateLimiter l = limiter(); UnifiedJedis redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      l.take(t, new TenantLimits(100, 1_000_000, 1), 50, 10);
      long ttl = redis.pttl("tributary:rl:{" + t.value() + "}:ev");
      assertTrue(ttl > 0 && ttl <= 1500 + 1000, "ttl " + ttl);
    }
  }

  @Test
  void theScriptIsLoadedAgainWhenTheServerLostIt() throws Exception {
    TenantId t = tenant("flush");
    try (RateLimiter l = limiter(); UnifiedJedis redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      assertTrue(l.take(t, TEN_PER_SECOND, 1, 1).allowed());
      redis.scriptFlush();
      assertTrue(l.take(t, TEN_PER_SECOND, 1, 1).allowed());
    }
  }
}
