package io.tributary.query;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a query must stop. A {@link io.tributary.store.LogStore} that scans checks it at least once
 * per block, item or few thousand rows it reads and gives up with {@link QueryTimeoutException}
 * once it has passed, so that one expensive query cannot hold a worker for long. Immutable and
 * thread-safe; time comes from the monotonic clock it is given (injected in tests).
 */
public final class QueryDeadline {

  private static final QueryDeadline NONE = new QueryDeadline(null, Long.MAX_VALUE, null);

  private final LongSupplier nanoTime;
  private final long deadlineNanos;
  private final Duration budget;

  private QueryDeadline(LongSupplier nanoTime, long deadlineNanos, Duration budget) {
    this.nanoTime = nanoTime;
    this.deadlineNanos = deadlineNanos;
    this.budget = budget;
  }

  /** A deadline that never passes. */
  public static QueryDeadline none() {
    return NONE;
  }

  /** The deadline {@code budget} from now, by {@code nanoTime} (e.g. {@code System::nanoTime}). */
  public static QueryDeadline after(Duration budget, LongSupplier nanoTime) {
    return new QueryDeadline(nanoTime, nanoTime.getAsLong() + budget.toNanos(), budget);
  }

  public boolean passed() {
    // Compared as a difference: nanoTime may wrap.
    return nanoTime != null && nanoTime.getAsLong() - deadlineNanos >= 0;
  }

  /** Throws when the deadline has passed. */
  public void check() throws QueryTimeoutException {
    if (passed()) {
      throw new QueryTimeoutException(budget);
    }
  }

  /** The time the query was given; null for {@link #none()}. */
  public Duration budget() {
    return budget;
  }
}
