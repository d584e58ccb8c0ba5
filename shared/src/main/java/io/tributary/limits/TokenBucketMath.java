package io.tributary.limits;

import java.time.Duration;

/**
 * The one decision both rate limiters make (the Redis script makes the same in Lua): given what
 * is in the buckets, may the request pass, and when could it if not.
 */
final class TokenBucketMath {

  private TokenBucketMath() {
  }

  record Outcome(boolean allowed, double waitSeconds) {
    RateDecision toDecision(TenantLimits limits, double eventsLeft, double bytesLeft) {
      double toFull = Math.max((limits.eventBurst() - eventsLeft) / limits.eventsPerSecond(),
          (limits.byteBurst() - bytesLeft) / limits.bytesPerSecond());
      return new RateDecision(allowed, limits.eventBurst(), (long) Math.max(0, Math.floor(eventsLeft)),
          allowed ? Duration.ZERO : InProcessRateLimiter.seconds(waitSeconds), InProcessRateLimiter.seconds(toFull));
    }
  }

  /**
   * A peek passes while both buckets hold something (at least one event and one byte); a take
   * passes when both hold what it asks, or when both are full (a request larger than the burst,
   * which then leaves the buckets in debt).
   */
  static Outcome decide(double eventTokens, double byteTokens, TenantLimits limits, long events, long bytes,
      boolean take) {
    double needEvents = take ? events : 1;
    double needBytes = take ? bytes : 1;
    boolean full = eventTokens >= limits.eventBurst() && byteTokens >= limits.byteBurst();
    if ((eventTokens >= needEvents && byteTokens >= needBytes) || (take && full)) {
      return new Outcome(true, 0);
    }
    double wait = Math.max(Math.max(0, Math.min(needEvents, limits.eventBurst()) - eventTokens) / limits.eventsPerSecond(),
        Math.max(0, Math.min(needBytes, limits.byteBurst()) - byteTokens) / limits.bytesPerSecond());
    return new Outcome(false, wait);
  }
}
