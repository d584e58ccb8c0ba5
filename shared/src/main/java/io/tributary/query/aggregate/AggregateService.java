package io.tributary.query.aggregate;

import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.http.Problem;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import io.tributary.query.QueryService;
import io.tributary.query.QueryTimeoutException;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Runs aggregations for one tenant: scans the events its filters match ({@link LogStore#scan}) at a
 * snapshot of now, into an {@link Aggregator}. {@code last} covers [now − last, now]; a histogram
 * without {@code to} ends now. Every aggregation has the queries' deadline; one that runs past it
 * is answered 503 {@code query_timeout}. Thread-safe.
 */
public final class AggregateService {

  private final LogStore store;
  private final Clock clock;
  private final Duration timeout;
  private final LongSupplier nanoTime;
  private final java.util.function.BiFunction<TenantId, String, java.util.Set<String>> equivalentPatternIds;
  private final java.util.function.BiFunction<TenantId, String, String> currentPatternId;

  /**
   * @param timeout how long one aggregation may run (the queries' timeout)
   * @param nanoTime the monotonic clock deadlines are measured by ({@code System::nanoTime})
   */
  public AggregateService(LogStore store, Clock clock, Duration timeout, LongSupplier nanoTime) {
    this(store, clock, timeout, nanoTime, null, null);
  }

  private AggregateService(LogStore store, Clock clock, Duration timeout, LongSupplier nanoTime,
      java.util.function.BiFunction<TenantId, String, java.util.Set<String>> equivalentPatternIds,
      java.util.function.BiFunction<TenantId, String, String> currentPatternId) {
    this.store = store;
    this.clock = clock;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
    this.equivalentPatternIds = equivalentPatternIds;
    this.currentPatternId = currentPatternId;
  }

  /**
   * This service where pattern ids are taken as the patterns mean them, not as stored: a
   * {@code pattern:ID} filter finds the events stored under every id the pattern has had (as
   * queries do), and {@code groupBy: pattern} counts them in one group, under the id it has now.
   */
  public AggregateService withPatternIds(java.util.function.BiFunction<TenantId, String, java.util.Set<String>> equivalents,
      java.util.function.BiFunction<TenantId, String, String> current) {
    return new AggregateService(store, clock, timeout, nanoTime, equivalents, current);
  }

  /** An aggregation service whose aggregations may run for {@link QueryService#DEFAULT_TIMEOUT}. */
  public AggregateService(LogStore store, Clock clock) {
    this(store, clock, QueryService.DEFAULT_TIMEOUT, System::nanoTime);
  }

  public AggregateResult aggregate(TenantId tenant, AggregateRequest request) throws QueryException, IOException {
    QueryDeadline deadline = QueryDeadline.after(timeout, nanoTime);
    long now = Timestamps.ofInstant(clock.instant());
    LogQuery q = request.query().query().withAsOf(now);
    if (request.query().last() != null) {
      q = q.withTimeRange(now - request.query().last().toNanos(), now + 1);
    } else if (request.histogram() != null && q.toNanos() == Long.MAX_VALUE) {
      if (q.fromNanos() > now) {
        throw new QueryException(Problem.of(400, QueryReasons.INVALID_FIELD, "from is in the future; a histogram"
            + " without to ends now").with("field", "from"));
      }
      q = q.withTimeRange(q.fromNanos(), now + 1);
    }
    HistogramSpec h = request.histogram();
    if (h != null && h.interval() != null) {
      long n = HistogramSpec.buckets(q.fromNanos(), q.toNanos(), h.interval().toNanos());
      if (n > HistogramSpec.MAX_BUCKETS) {
        throw new QueryException(Problem.of(400, QueryReasons.TOO_MANY_BUCKETS, "an interval of "
            + HistogramSpec.name(h.interval().toNanos()) + " makes " + n + " buckets over the range; at most "
            + HistogramSpec.MAX_BUCKETS + ": use a longer interval, \"auto\", or a shorter range")
            .with("field", "histogram.interval"));
      }
    }
    if (equivalentPatternIds != null) {
      q = q.withExpr(io.tributary.query.PatternIdExpansion.expand(q.expr(),
          id -> equivalentPatternIds.apply(tenant, id)));
    }
    Aggregator aggregator = currentPatternId == null ? new Aggregator(request, q.fromNanos(), q.toNanos())
        : new Aggregator(request, q.fromNanos(), q.toNanos(), id -> currentPatternId.apply(tenant, id));
    try {
      // A column store answers counts by time, severity, service and host from its columns alone.
      if (!aggregator.needsOnlyColumns() || !store.scanColumns(tenant, q, deadline, aggregator::acceptColumns)) {
        store.scan(tenant, q, deadline, aggregator);
      }
    } catch (QueryTimeoutException e) {
      long seconds = Math.max(1, timeout.toSeconds());
      throw new QueryException(Problem.of(503, QueryReasons.QUERY_TIMEOUT, "the aggregation did not finish within "
          + timeout.toMillis() + " ms; narrow the time range (from, to, last) or add filters (severity, services,"
          + " hosts, attributes, q)").with("retryAfterSeconds", seconds));
    }
    return aggregator.result();
  }
}
