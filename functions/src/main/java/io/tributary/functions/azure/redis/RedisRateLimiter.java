package io.tributary.functions.azure.redis;

import io.tributary.event.TenantId;
import io.tributary.limits.RateDecision;
import io.tributary.limits.RateLimiter;
import io.tributary.limits.TenantLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link RateLimiter} every instance shares, on Azure Cache for Redis (any Redis 6+): a
 * tenant's two buckets are two hashes, {@code <prefix>{<tenant>}:ev} and {@code …:by}, in one
 * hash slot, decided and updated by one Lua script call ({@code token-buckets.lua}), so concurrent
 * instances never both spend the same tokens and the refill runs on the server's clock. An idle
 * tenant's keys expire once they would be full again. The script is loaded once and called by its
 * SHA, loaded again if the server lost it. Thread-safe (the client pools connections).
 */
public final class RedisRateLimiter implements RateLimiter {

  private static final RedisScript SCRIPT = new RedisScript("token-buckets.lua");

  private final UnifiedJedis redis;
  private final String prefix;

  /** @param prefix the keys' prefix, e.g. {@code tributary:rl:} */
  public RedisRateLimiter(UnifiedJedis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public RateDecision peek(TenantId tenant, TenantLimits limits) throws IOException {
    return call(tenant, limits, 0, 0, false);
  }

  @Override
  public RateDecision take(TenantId tenant, TenantLimits limits, long events, long bytes) throws IOException {
    return call(tenant, limits, events, bytes, true);
  }

  private RateDecision call(TenantId tenant, TenantLimits limits, long events, long bytes, boolean take)
      throws IOException {
    List<String> keys = List.of(prefix + "{" + tenant.value() + "}:ev", prefix + "{" + tenant.value() + "}:by");
    List<String> args = List.of(Long.toString(limits.eventsPerSecond()), Long.toString(limits.eventBurst()),
        Long.toString(limits.bytesPerSecond()), Long.toString(limits.byteBurst()), Long.toString(events),
        Long.toString(bytes), take ? "1" : "0");
    Object reply;
    try {
      reply = eval(keys, args);
    } catch (JedisException e) {
      throw new IOException("the rate limiter's Redis failed: " + e.getMessage(), e);
    }
    List<?> r = (List<?>) reply;
    boolean allowed = ((Number) r.get(0)).longValue() == 1;
    double ev = Double.parseDouble(String.valueOf(r.get(1)));
    double by = Double.parseDouble(String.valueOf(r.get(2)));
    double wait = Double.parseDouble(String.valueOf(r.get(3)));
    double toFull = Math.max((limits.eventBurst() - ev) / limits.eventsPerSecond(),
        (limits.byteBurst() - by) / limits.bytesPerSecond());
    return new RateDecision(allowed, limits.eventBurst(), (long) Math.max(0, Math.floor(ev)),
        allowed ? Duration.ZERO : seconds(wait), seconds(toFull));
  }

  private Object eval(List<String> keys, List<String> args) {
    return SCRIPT.eval(redis, keys, args);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) Math.ceil(Math.max(0, s) * 1e9));
  }

  @Override
  public void close() {
    redis.close();
  }
}
