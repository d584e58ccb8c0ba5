package io.tributary.query;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.querycache.CachedPages;
import io.tributary.querycache.QueryCache;
import io.tributary.querycache.QueryCacheKey;
import io.tributary.search.IndexRoute;
import io.tributary.store.LogStore;
import io.tributary.http.Problem;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs queries for one tenant against the {@link LogStore}, with stable cursor paging: a cursor
 * fixes the snapshot time of its first page and the sort position of the last event returned, so
 * pages neither skip nor repeat events while ingest goes on. Every query has a deadline; one that
 * runs past it is answered 503 {@code query_timeout}. Thread-safe.
 *
 * <p>With a full-text index ({@link #withIndex}) the questions {@link IndexRoute} accepts are
 * answered from it instead, in the same shape; the cursor records the backend, so every page of a
 * query comes from the one that answered its first. With a {@link QueryCache} ({@link #withCache})
 * answers are kept for a short time under the tenant and the query's normalized text
 * (docs/query-cache.md); a cache that fails is skipped, never a reason to fail the query.
 */
public final class QueryService {

  /** What a query may take when no setting says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A range that ends this long before now gets the past TTL: events reach the store within
   * seconds of ingest. Ingest sets no limit on how old an event may be, so events sent late can
   * still land in such a range; a cached answer misses them for at most the past TTL.
   */
  public static final Duration SETTLED_AFTER = Duration.ofMinutes(5);

  private static final Logger LOG = Logger.getLogger(QueryService.class.getName());
  /** How often a failing cache, or index, is logged at most. */
  private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private final LogStore store;
  private final CursorCodec cursors;
  private final Clock clock;
  private final Duration timeout;
  private final LongSupplier nanoTime;
  private final IndexRoute index;
  private final QueryCache cache;
  private final Duration recentTtl;
  private final Duration pastTtl;
  private final CacheStats stats;
  private final AtomicLong indexLoggedNanos = new AtomicLong(Long.MIN_VALUE);
  /** The ids a pattern id stands for (current and former), per tenant; null: just the id. */
  private final BiFunction<TenantId, String, Set<String>> patternIds;
  /** Each tenant's data generation, in the cache keys; null: always 0. */
  private final io.tributary.querycache.DataGenerations generations;

  /** A query service whose queries may run for {@link #DEFAULT_TIMEOUT}. */
  public QueryService(LogStore store, CursorCodec cursors, Clock clock) {
    this(store, cursors, clock, DEFAULT_TIMEOUT, System::nanoTime);
  }

  /**
   * @param timeout how long one query may run
   * @param nanoTime the monotonic clock deadlines are measured by ({@code System::nanoTime})
   */
  public QueryService(LogStore store, CursorCodec cursors, Clock clock, Duration timeout, LongSupplier nanoTime) {
    this(store, cursors, clock, timeout, nanoTime, null, QueryCache.NONE, Duration.ZERO, Duration.ZERO, null, null);
  }

  private QueryService(LogStore store, CursorCodec cursors, Clock clock, Duration timeout, LongSupplier nanoTime,
      IndexRoute index, QueryCache cache, Duration recentTtl, Duration pastTtl,
      BiFunction<TenantId, String, Set<String>> patternIds, io.tributary.querycache.DataGenerations generations) {
    this.store = store;
    this.cursors = cursors;
    this.clock = clock;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
    this.index = index;
    this.cache = cache;
    this.recentTtl = recentTtl;
    this.pastTtl = pastTtl;
    this.patternIds = patternIds;
    this.generations = generations;
    this.stats = new CacheStats();
  }

  /** This service, answering the questions {@code route} accepts from its index. */
  public QueryService withIndex(IndexRoute route) {
    return new QueryService(store, cursors, clock, timeout, nanoTime, route, cache, recentTtl, pastTtl, patternIds,
        generations);
  }

  /**
   * This service, reading {@code pattern:ID} in {@code q} as any of the ids {@code equivalents}
   * gives for the tenant: a pattern's id changes when its template generalises, and a query by
   * the old id or the new one finds the events stored under either.
   */
  public QueryService withPatternIds(BiFunction<TenantId, String, Set<String>> equivalents) {
    return new QueryService(store, cursors, clock, timeout, nanoTime, index, cache, recentTtl, pastTtl, equivalents,
        generations);
  }

  /**
   * This service, keeping answers in {@code cache}: for {@code recentTtl} when the query's range
   * ends less than {@link #SETTLED_AFTER} before now (or later, or is open), for {@code pastTtl}
   * otherwise.
   */
  public QueryService withCache(QueryCache cache, Duration recentTtl, Duration pastTtl) {
    return new QueryService(store, cursors, clock, timeout, nanoTime, index, cache, recentTtl, pastTtl, patternIds,
        generations);
  }

  /**
   * This service, putting each tenant's {@link io.tributary.querycache.DataGenerations generation}
   * into its cache keys: an answer cached before an erasure, a retention drop or a replay is not
   * served after it.
   */
  public QueryService withGenerations(io.tributary.querycache.DataGenerations g) {
    return new QueryService(store, cursors, clock, timeout, nanoTime, index, cache, recentTtl, pastTtl, patternIds, g);
  }

  /** Hits, misses and failures of the query cache since start. */
  public CacheStats cacheStats() {
    return stats;
  }

  /** Counts of the query cache's use; read without a lock, so a snapshot may be a moment inconsistent. */
  public static final class CacheStats {
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastLoggedNanos = new AtomicLong(Long.MIN_VALUE);

    public long hits() {
      return hits.get();
    }

    public long misses() {
      return misses.get();
    }

    /** Reads and writes the cache refused (Redis down): the query ran without it. */
    public long failures() {
      return failures.get();
    }
  }

  public QueryPage query(TenantId tenant, QueryRequest request) throws QueryException, IOException {
    QueryDeadline deadline = QueryDeadline.after(timeout, nanoTime);
    LogQuery q = request.query();
    long fingerprint = CursorCodec.fingerprint(q, request.last());
    long now = Timestamps.ofInstant(clock.instant());
    QueryRoute route;
    if (request.cursor() != null) {
      CursorCodec.State s = cursors.decode(tenant, request.cursor(), fingerprint);
      q = q.withAsOf(s.asOfNanos()).withPage(q.limit(), s.after());
      // The backend of the first page; were the index gone since, the store (which holds every event) answers.
      route = s.route() == QueryRoute.INDEX && index != null ? QueryRoute.INDEX : QueryRoute.STORE;
    } else {
      q = q.withAsOf(now);
      route = null;
    }
    if (request.last() != null) {
      // Relative to the snapshot time, so every page of the query covers the same range.
      q = q.withTimeRange(q.asOfNanos() - request.last().toNanos(), Long.MAX_VALUE);
    }
    if (patternIds != null) {
      // After the fingerprint and the cache key, which stay those of the query as written.
      q = q.withExpr(PatternIdExpansion.expand(q.expr(), id -> patternIds.apply(tenant, id)));
    }
    if (route == null) {
      route = index != null && index.accepts(tenant, q, now) ? QueryRoute.INDEX : QueryRoute.STORE;
    }
    QueryCacheKey key = null;
    if (cache != QueryCache.NONE) {
      // The tenant is the cache's own first key part, never in the text.
      key = cacheKey(route, request, q.limit(), generation(tenant));
      QueryPage cached = cached(tenant, key);
      if (cached != null) {
        return cached;
      }
    }
    QueryPage page;
    try {
      page = run(tenant, q, route, fingerprint, deadline);
    } catch (IOException e) {
      if (route != QueryRoute.INDEX || request.cursor() != null || e instanceof QueryTimeoutException) {
        throw e;
      }
      // The index failed on a first page: the store holds every event, and the cursor will say STORE.
      if (firstInAMinute(indexLoggedNanos)) {
        LOG.log(Level.WARNING, "the full-text index failed; the store answers its questions meanwhile: " + e);
      }
      route = QueryRoute.STORE;
      key = key == null ? null : cacheKey(route, request, q.limit(), generation(tenant));
      page = run(tenant, q, route, fingerprint, deadline);
    }
    if (key != null) {
      keep(tenant, key, page, q.toNanos() <= now - SETTLED_AFTER.toNanos() ? pastTtl : recentTtl);
    }
    return page;
  }

  private long generation(TenantId tenant) {
    return generations == null ? 0 : generations.of(tenant);
  }

  /**
   * The cache key of {@code request}'s page on {@code route}: nothing of the tenant in it but its
   * data generation (left out while 0, so keys stay those they always were).
   */
  private static QueryCacheKey cacheKey(QueryRoute route, QueryRequest request, int limit, long generation) {
    String canonical = CursorCodec.canonical(request.query(), request.last());
    String cursor = "cursor=" + (request.cursor() == null ? "" : request.cursor());
    return generation == 0 ? QueryCacheKey.of(route.name(), canonical, "limit=" + limit, cursor)
        : QueryCacheKey.of(route.name(), canonical, "limit=" + limit, cursor, "generation=" + generation);
  }

  private QueryPage run(TenantId tenant, LogQuery q, QueryRoute route, long fingerprint, QueryDeadline deadline)
      throws QueryException, IOException {
    int limit = q.limit();
    List<LogEvent> found;
    try {
      LogQuery page = q.withPage(limit + 1, q.after());
      found = route == QueryRoute.INDEX ? index.query(tenant, page, deadline) : store.query(tenant, page, deadline);
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
        new CursorCodec.State(new Position(last.timeNanos(), last.id()), q.asOfNanos(), fingerprint, route));
    return new QueryPage(List.copyOf(page), next);
  }

  /** The cached page, or null when there is none or the cache failed. */
  private QueryPage cached(TenantId tenant, QueryCacheKey key) {
    try {
      java.util.Optional<QueryPage> page = cache.get(tenant, key).flatMap(b -> CachedPages.read(b, tenant));
      (page.isPresent() ? stats.hits : stats.misses).incrementAndGet();
      return page.orElse(null);
    } catch (IOException | RuntimeException e) {
      failed("read", e);
      return null;
    }
  }

  private void keep(TenantId tenant, QueryCacheKey key, QueryPage page, Duration ttl) {
    try {
      cache.put(tenant, key, CachedPages.write(page), ttl);
    } catch (IOException | RuntimeException e) {
      failed("write", e);
    }
  }

  /** Counts a cache failure, and logs one a minute at most: a cache down must not flood the log. */
  private void failed(String what, Exception e) {
    long n = stats.failures.incrementAndGet();
    if (firstInAMinute(stats.lastLoggedNanos)) {
      LOG.log(Level.WARNING, "the query cache failed to " + what + " (" + n + " failures so far); queries run"
          + " without it: " + e);
    }
  }

  /** True for the first call in a minute on {@code last} (the time of the last true, or MIN_VALUE). */
  private boolean firstInAMinute(AtomicLong last) {
    long t = nanoTime.getAsLong();
    long l = last.get();
    return (l == Long.MIN_VALUE || t - l >= LOG_EVERY_NANOS) && last.compareAndSet(l, t);
  }
}
