package io.tributary.limits;

/**
 * How fast one tenant may send: sustained events and bytes per second, and how many seconds of
 * either it may send at once after a quiet spell (the buckets' depth).
 *
 * @param eventsPerSecond sustained events per second, at least 1
 * @param bytesPerSecond sustained decoded bytes per second, at least 1
 * @param burstSeconds seconds of the sustained rate a full bucket holds, at least 1
 */
public record TenantLimits(long eventsPerSecond, long bytesPerSecond, int burstSeconds) {

  public TenantLimits {
    if (eventsPerSecond < 1 || bytesPerSecond < 1 || burstSeconds < 1) {
      throw new IllegalArgumentException("limits must be at least 1 event/s, 1 byte/s and 1 s of burst");
    }
  }

  /** Events a full bucket holds. */
  public long eventBurst() {
    return Math.multiplyExact(eventsPerSecond, (long) burstSeconds);
  }

  /** Bytes a full bucket holds. */
  public long byteBurst() {
    return Math.multiplyExact(bytesPerSecond, (long) burstSeconds);
  }
}
