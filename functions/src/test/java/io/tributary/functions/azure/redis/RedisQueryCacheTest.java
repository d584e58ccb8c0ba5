package io.tributary.functions.azure.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.contract.QueryCacheContract;
import io.tributary.event.TenantId;
import io.tributary.functions.testing.RedisServer;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import io.tributary.query.CursorCodec;
import io.tributary.query.QueryPage;
import io.tributary.query.QueryRequest;
import io.tributary.query.QueryService;
import io.tributary.testing.ListLogStore;
import io.tributary.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
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

  @Test
  void queriesStillAnswerWhenRedisIsDownAndAreCachedOnceItIsUp() throws Exception {
    TenantId t = tenant("down");
    ListLogStore store = new ListLogStore();
    store.upsert(List.of(TestEvents.event(t, io.tributary.event.Timestamps.ofInstant(java.time.Instant.now()) - 1_000_000L,
        "disk full")));
    byte[] body = "{\"q\":\"disk\",\"last\":\"1h\"}".getBytes(StandardCharsets.UTF_8);
    // Nothing listens on port 1: every call is refused, as when the cache is down.
    try (QueryCache down = new RedisQueryCache(RedisClient.create("127.0.0.1", 1), "tributary:qc:")) {
      QueryService q = new QueryService(store, new CursorCodec(new byte[32]), Clock.systemUTC())
          .withCache(down, Duration.ofSeconds(2), Duration.ofSeconds(60));
      QueryPage page = q.query(t, QueryRequest.read(body));
      assertEquals(1, page.events().size());
      assertEquals(2, q.cacheStats().failures(), "the read and the write, each skipped");
    }
    try (QueryCache up = cache()) {
      QueryService q = new QueryService(store, new CursorCodec(new byte[32]), Clock.systemUTC())
          .withCache(up, Duration.ofSeconds(30), Duration.ofSeconds(60));
      int before = store.queries.get();
      QueryPage first = q.query(t, QueryRequest.read(body));
      assertEquals(first, q.query(t, QueryRequest.read(body)));
      assertEquals(before + 1, store.queries.get(), "the second answer came from Redis");
    }
  }
}
