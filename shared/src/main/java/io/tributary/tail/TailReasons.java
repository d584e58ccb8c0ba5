package io.tributary.tail;

/** Stable codes of live-tail refusals and drops. Clients may branch on them; never rename one. */
public final class TailReasons {

  /** 429: the tenant already holds {@link TailSettings#maxStreamsPerTenant()} live tails. */
  public static final String TOO_MANY_TAILS = "too_many_tails";
  /** Dropped: the reader did not keep up, and its queue filled (or its connection stayed unwritable). */
  public static final String SLOW_READER = "slow_reader";
  /** Dropped: the server is shutting down. */
  public static final String SHUTTING_DOWN = "shutting_down";
  /** 400: {@code since} is neither an ISO-8601 time, an epoch number nor an event id. */
  public static final String INVALID_SINCE = "invalid_since";

  private TailReasons() {
  }
}
