package io.tributary.functions.azure.redis;

import io.tributary.event.TenantId;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The shared {@link QueryCache} on Azure Cache for Redis (any Redis): one string per answer under
 * {@code <prefix>{<tenant>}:<key>}, set with its time to live ({@code SET … PX}), so Redis drops
 * it on time and, under memory pressure, first among keys with a time to live. The tenant is in
 * the key, so tenants never share an entry. A Redis error is an {@link IOException}: the query
 * service answers without the cache. Thread-safe (the client pools connections).
 */
public final class RedisQueryCache implements QueryCache {

  private final UnifiedJedis redis;
  private final String prefix;

  /** @param prefix the keys' prefix, e.g. {@code tributary:qc:} */
  public RedisQueryCache(UnifiedJedis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private byte[] key(TenantId tenant, QueryCacheKey key) {
    return (prefix + "{" + tenant.value() + "}:" + key.hex()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<byte[]> get(TenantId tenant, QueryCacheKey key) throws IOException {
    try {
      return Optional.ofNullable(redis.get(key(tenant, key)));
    } catch (JedisException e) {
      throw new IOException("the query cache (Redis) did not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public void put(TenantId tenant, QueryCacheKey key, byte[] answer, Duration ttl) throws IOException {
    if (ttl.isNegative() || ttl.isZero()) {
      return;
    }
    try {
      redis.set(key(tenant, key), answer, SetParams.setParams().px(Math.max(1, ttl.toMillis())));
    } catch (JedisException e) {
      throw new IOException("the query cache (Redis) did not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
