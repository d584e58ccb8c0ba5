package io.tributary.config;

import io.tributary.tenancy.Plan;
import java.time.Duration;
import java.util.Optional;

/**
 * How tenants are admitted and limited.
 *
 * @param unregisteredPlan the plan a token's tenant gets when it has no record; empty to refuse
 *     such tenants (403 {@code tenant_not_registered}), as a deployment that registers its
 *     tenants wants
 * @param cacheTtl how long an instance trusts a tenant record it read (status, limits); changes
 *     made through the same instance apply at once, other instances see them within this time
 * @param rateLimiter where the token buckets live: {@code inprocess} (one instance) or
 *     {@code redis} (shared by every instance)
 * @param redisUrl the Redis the buckets live in when {@code rateLimiter} is {@code redis}
 *     ({@code redis[s]://[user:password@]host:port}); null otherwise
 */
public record TenancySettings(Optional<Plan> unregisteredPlan, Duration cacheTtl, String rateLimiter,
    String redisUrl) {

  public static final java.util.List<String> RATE_LIMITERS = java.util.List.of("inprocess", "redis");

  public TenancySettings {
    if (!RATE_LIMITERS.contains(rateLimiter)) {
      throw new IllegalArgumentException("rate limiter must be one of " + RATE_LIMITERS);
    }
    if (rateLimiter.equals("redis") && (redisUrl == null || redisUrl.isBlank())) {
      throw new IllegalArgumentException("the redis rate limiter needs a Redis URL");
    }
  }

  /** Every tenant gets {@code unregistered} without a record; buckets in process; records trusted 10 s. */
  public static TenancySettings defaults() {
    return new TenancySettings(Optional.of(Plan.UNLIMITED), Duration.ofSeconds(10), "inprocess", null);
  }
}
