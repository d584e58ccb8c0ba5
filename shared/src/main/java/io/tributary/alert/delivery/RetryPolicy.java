package io.tributary.alert.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: exponential backoff with full jitter (the n-th retry waits a
 * uniformly random time in {@code [0, min(cap, base·2^(n-1))]}), at most {@code maxAttempts}
 * attempts in all; a {@code Retry-After} (seconds or an HTTP date) replaces the backoff, capped at
 * {@code maxRetryAfter}.
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration maxRetryAfter) {

  /** 1 s base, 5 min cap, 8 attempts, Retry-After honoured up to 5 min. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 8,
      Duration.ofMinutes(5));

  public RetryPolicy {
    if (base.isNegative() || cap.compareTo(base) < 0 || maxAttempts < 1 || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("retry policy needs 0 <= base <= cap and at least one attempt");
    }
  }

  /** The longest wait before retry number {@code retry} (1 for the first retry), before jitter. */
  public Duration ceiling(int retry) {
    long baseMs = base.toMillis();
    int shift = Math.min(Math.max(retry - 1, 0), 40);
    long ms = baseMs > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : baseMs << shift;
    return Duration.ofMillis(Math.min(ms, cap.toMillis()));
  }

  /**
   * The wait after {@code attempts} attempts ended with {@code last}.
   *
   * @param jitter uniform in [0, 1)
   */
  public Duration delay(int attempts, DeliveryResult last, Clock clock, DoubleSupplier jitter) {
    Duration after = retryAfter(last.retryAfter(), clock.instant());
    if (after != null) {
      return after.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : after;
    }
    return Duration.ofMillis((long) (jitter.getAsDouble() * ceiling(attempts).toMillis()));
  }

  /** A {@code Retry-After} value as a wait from {@code now}; null when absent or unreadable. */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    try {
      long s = Long.parseLong(h);
      return s < 0 ? null : Duration.ofSeconds(s);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
