package io.tributary.alert.delivery;

import java.time.Duration;

/**
 * What one attempt came to: an HTTP status, or a failure with no answer.
 *
 * @param status the HTTP status; 0 when there was no answer
 * @param failure null when there was an answer
 * @param retryAfter the {@code Retry-After} header as sent; null when absent
 * @param detail a short explanation of a failure, for the delivery log; nullable
 * @param took from the start of the attempt to its answer or failure
 */
public record DeliveryResult(int status, FailureKind failure, String retryAfter, String detail, Duration took) {

  public static DeliveryResult answered(int status, String retryAfter, Duration took) {
    return new DeliveryResult(status, null, retryAfter, null, took);
  }

  public static DeliveryResult failed(FailureKind kind, String detail, Duration took) {
    return new DeliveryResult(0, kind, null, detail, took);
  }

  /** A 2xx answer. */
  public boolean delivered() {
    return failure == null && status >= 200 && status < 300;
  }

  /** Worth trying again: 5xx, 429, 408, or a retryable failure; never another 4xx or a 3xx. */
  public boolean retryable() {
    if (failure != null) {
      return failure.retryable();
    }
    return status >= 500 || status == 429 || status == 408;
  }
}
