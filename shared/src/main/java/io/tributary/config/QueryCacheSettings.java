package io.tributary.config;

import java.time.Duration;

/**
 * The query cache (docs/query-cache.md): where answers are kept, how many bytes of them in
 * process, and for how long.
 *
 * @param kind {@code none}, {@code memory} (Caffeine, per instance) or {@code redis} (shared, at
 *     {@link TenancySettings#redisUrl()})
 * @param maxBytes the in-process cache's bound, in bytes of answers
 * @param recentTtl how long an answer is kept when its time range ends within the last minutes or
 *     later (events keep arriving there)
 * @param pastTtl how long an answer is kept when its time range ended before that
 */
public record QueryCacheSettings(String kind, long maxBytes, Duration recentTtl, Duration pastTtl) {

  public static final java.util.List<String> KINDS = java.util.List.of("none", "memory", "redis");

  /** No cache. */
  public static final QueryCacheSettings NONE =
      new QueryCacheSettings("none", 0, Duration.ofSeconds(2), Duration.ofSeconds(60));

  public boolean enabled() {
    return !kind.equals("none");
  }
}
