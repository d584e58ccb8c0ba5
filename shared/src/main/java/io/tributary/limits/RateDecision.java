package io.tributary.limits;

import java.time.Duration;

/**
 * What a {@link RateLimiter} answered, with what the IETF RateLimit headers report.
 *
 * @param allowed whether the request may go on
 * @param limit the events a full bucket holds ({@code RateLimit-Limit})
 * @param remaining events left in the bucket now ({@code RateLimit-Remaining}), never negative
 * @param retryAfter when refused, how long until the request could pass ({@code Retry-After}); else zero
 * @param reset how long until the bucket is full again ({@code RateLimit-Reset})
 */
public record RateDecision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration reset) {

  /** {@link #retryAfter} in whole seconds, rounded up, at least 1 when refused. */
  public long retryAfterSeconds() {
    if (allowed) {
      return 0;
    }
    long s = (retryAfter.toMillis() + 999) / 1000;
    return Math.max(1, s);
  }

  /** {@link #reset} in whole seconds, rounded up. */
  public long resetSeconds() {
    return (reset.toMillis() + 999) / 1000;
  }
}
