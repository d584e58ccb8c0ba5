package io.tributary.query;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.store.LogStore;
import io.tributary.http.Problem;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs queries for one tenant against the {@link LogStore}, with stable cursor paging: a cursor
 * fixes the snapshot time of its first page and the sort position of the last event returned, so
 * pages neither skip nor repeat events while ingest goes on. Every query has a deadline; one that
 * runs past it is answered 503 {@code query_timeout}. Thread-safe.
 */
public final class QueryService {

  /** What a query may take when no setting says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final LogStore store;
  private final CursorCodec cursors;
  private final Clock clock;
  private final Duration timeout;
  private final LongSupplier nanoTime;

  /** A query service whose queries may run for {@link #DEFAULT_TIMEOUT}. */
  public QueryService(LogStore store, CursorCodec cursors, Clock clock) {
    this(store, cursors, clock, DEFAULT_TIMEOUT, System::nanoTime);
  }

  /**
   * @param timeout how long one query may run
   * @param nanoTime the monotonic clock deadlines are measured by ({@code System::nanoTime})
   */
  public QueryService(LogStore store, CursorCodec cursors, Clock clock, Duration timeout, LongSupplier nanoTime) {
    this.store = store;
    this.cursors = cursors;
    this.clock = clock;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
  }

  public QueryPage query(TenantId tenant, QueryRequest request) throws QueryException, IOException {
    QueryDeadline deadline = QueryDeadline.after(timeout, nanoTime);
    LogQuery q = request.query();
    long fingerprint = CursorCodec.fingerprint(q, request.last());
    if (request.cursor() != null) {
      CursorCodec.State s = cursors.decode(tenant, request.cursor(), fingerprint);
      q = q.withAsOf(s.asOfNanos()).withPage(q.limit(), s.after());
    } else {
      q = q.withAsOf(Timestamps.ofInstant(clock.instant()));
    }
    if (request.last() != null) {
      // Relative to the snapshot time, so every page of the query covers the same range.
      q = q.withTimeRange(q.asOfNanos() - request.last().toNanos(), Long.MAX_VALUE);
    }
    int limit = q.limit();
    List<LogEvent> found;
    try {
      found = store.query(tenant, q.withPage(limit + 1, q.after()), deadline);
    } catch (QueryTimeoutException e) {
      long seconds = Math.max(1, timeout.toSeconds());
      throw new QueryException(Problem.of(503, QueryReasons.QUERY_TIMEOUT, "the query did not finish within "
          + timeout.toMillis() + " ms; narrow the time range (from, to) or add filters (severity, services, hosts,"
          + " attributes, q)").with("retryAfterSeconds", seconds));
    }
    if (found.size() <= limit) {
      return new QueryPage(found, null);
    }
    List<LogEvent> page = found.subList(0, limit);
    LogEvent last = page.get(limit - 1);
    String next = cursors.encode(tenant,
        new CursorCodec.State(new Position(last.timeNanos(), last.id()), q.asOfNanos(), fingerprint));
    return new QueryPage(List.copyOf(page), next);
  }
}
