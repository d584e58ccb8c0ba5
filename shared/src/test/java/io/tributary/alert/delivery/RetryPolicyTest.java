package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final DeliveryResult FAILED = DeliveryResult.failed(FailureKind.TIMEOUT, null, Duration.ZERO);

  @Test
  void theDefaultCeilingDoublesFromOneSecondUpToFiveMinutes() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertEquals(8, p.maxAttempts());
    long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
    for (int retry = 1; retry <= expected.length; retry++) {
      assertEquals(Duration.ofSeconds(expected[retry - 1]), p.ceiling(retry), "retry " + retry);
    }
    assertEquals(Duration.ofMinutes(5), p.ceiling(10_000));
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertEquals(Duration.ZERO, p.delay(3, FAILED, CLOCK, () -> 0.0));
    assertEquals(Duration.ofSeconds(2), p.delay(3, FAILED, CLOCK, () -> 0.5));
    assertEquals(Duration.ofMillis(3996), p.delay(3, FAILED, CLOCK, () -> 0.999));
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDateReplacesTheBackoffUpToItsCap() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertEquals(Duration.ofSeconds(30), p.delay(1, DeliveryResult.answered(429, "30", Duration.ZERO), CLOCK,
        () -> 0.5));
    assertEquals(Duration.ofSeconds(90), p.delay(1,
        DeliveryResult.answered(503, "Sun, 29 Nov 2026 10:01:30 GMT", Duration.ZERO), CLOCK, () -> 0.5));
    assertEquals(Duration.ofMinutes(5), p.delay(1, DeliveryResult.answered(429, "86400", Duration.ZERO), CLOCK,
        () -> 0.5));
    assertEquals(Duration.ofMillis(500), p.delay(1, DeliveryResult.answered(429, "soon", Duration.ZERO), CLOCK,
        () -> 0.5), "an unreadable Retry-After falls back to the backoff");
    assertNull(RetryPolicy.retryAfter("-5", NOW));
    assertEquals(Duration.ZERO, RetryPolicy.retryAfter("Sun, 29 Nov 2026 09:00:00 GMT", NOW));
  }

  @Test
  void retriesServerErrorsThrottlingAndTimeoutsButNotOtherClientErrors() {
    for (int s : new int[] {500, 502, 503, 504, 429, 408}) {
      assertEquals(true, DeliveryResult.answered(s, null, Duration.ZERO).retryable(), "status " + s);
    }
    for (int s : new int[] {400, 401, 403, 404, 410, 413, 301, 302}) {
      assertEquals(false, DeliveryResult.answered(s, null, Duration.ZERO).retryable(), "status " + s);
    }
    assertEquals(true, FAILED.retryable());
    assertEquals(false, DeliveryResult.failed(FailureKind.NOT_ALLOWED, null, Duration.ZERO).retryable());
  }
}
