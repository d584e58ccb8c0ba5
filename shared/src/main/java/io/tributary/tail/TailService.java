package io.tributary.tail;

import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.http.Problem;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Opens live tails: subscribes to the {@link TailHub} first, then replays what the store holds
 * since {@code since} (so the seam between the two has no gap), as a {@link TailStream}.
 *
 * <p>{@code since} is an ISO-8601 time or epoch number, or an event id (26-character ids made by
 * ingest; a client's own ids carry no time and are refused): the replay covers events whose time
 * is at or after it (the id's millisecond, for an id, skipping the id itself). Thread-safe.
 */
public final class TailService {

  private static final int PAGE = 1000;

  private final TailHub hub;
  private final LogStore store;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final java.util.function.BiFunction<TenantId, String, java.util.Set<String>> equivalentPatternIds;

  public TailService(TailHub hub, LogStore store, Clock clock, LongSupplier nanoTime) {
    this(hub, store, clock, nanoTime, null);
  }

  private TailService(TailHub hub, LogStore store, Clock clock, LongSupplier nanoTime,
      java.util.function.BiFunction<TenantId, String, java.util.Set<String>> equivalentPatternIds) {
    this.hub = hub;
    this.store = store;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.equivalentPatternIds = equivalentPatternIds;
  }

  /** This service where {@code pattern:ID} follows every id the pattern has had, as queries do. */
  public TailService withPatternIds(java.util.function.BiFunction<TenantId, String, java.util.Set<String>> equivalents) {
    return new TailService(hub, store, clock, nanoTime, equivalents);
  }

  public TailHub hub() {
    return hub;
  }

  public TailSettings settings() {
    return hub.settings();
  }

  /**
   * A tail of {@code tenant}'s events that {@code query}'s filters (not its time range or paging) match.
   *
   * @param since null for "from now on"
   * @throws TailException 400 {@code invalid_since}, 429 {@code too_many_tails}
   */
  public TailStream open(TenantId tenant, LogQuery query, String since) throws TailException, IOException {
    long sinceNanos = Long.MIN_VALUE;
    String sinceId = null;
    if (since != null && !since.isBlank()) {
      String s = since.trim();
      long[] id = EventIds.decode(s);
      if (id != null) {
        sinceNanos = Timestamps.ofMillis(id[0] >>> 16);
        sinceId = s;
      } else {
        sinceNanos = Timestamps.parse(s);
        if (sinceNanos == LogEvent.UNSET_TIME) {
          throw new TailException(Problem.of(400, TailReasons.INVALID_SINCE, "since must be an ISO-8601 time"
              + " (2024-05-01T12:30:00Z), an epoch number or the id of an event a tail gave; '" + s + "' is none")
              .with("field", "since"));
        }
      }
    }
    LogQuery live = query.withTimeRange(Long.MIN_VALUE, Long.MAX_VALUE).withAsOf(Long.MAX_VALUE)
        .withPage(PAGE, null);
    if (equivalentPatternIds != null) {
      live = live.withExpr(io.tributary.query.PatternIdExpansion.expand(live.expr(),
          id -> equivalentPatternIds.apply(tenant, id)));
    }
    TailSubscription sub = hub.subscribe(tenant, LogFilter.of(live));
    try {
      List<LogEvent> replay = since == null || since.isBlank() ? List.of() : replay(tenant, live, sinceNanos, sinceId);
      String resumeFrom = sinceId != null ? sinceId : since != null && !since.isBlank() ? since.trim()
          : Timestamps.format(Timestamps.ofInstant(clock.instant()));
      return new TailStream(sub, replay, settings().heartbeat().toNanos(), settings().stallTimeout().toNanos(),
          resumeFrom, nanoTime.getAsLong());
    } catch (IOException | RuntimeException e) {
      sub.close();
      throw e;
    }
  }

  private List<LogEvent> replay(TenantId tenant, LogQuery live, long sinceNanos, String sinceId) throws IOException {
    int max = settings().maxReplay();
    List<LogEvent> out = new ArrayList<>();
    LogQuery q = new LogQuery(sinceNanos, Long.MAX_VALUE, live.severities(), live.services(), live.hosts(),
        live.attributes(), live.words(), Order.OLDEST, Math.min(PAGE, Math.max(1, max)), null, Long.MAX_VALUE,
        live.expr());
    while (out.size() < max) {
      List<LogEvent> page = store.query(tenant, q);
      for (LogEvent e : page) {
        if (out.size() < max && !e.id().equals(sinceId)) {
          out.add(e);
        }
      }
      if (page.size() < q.limit()) {
        break;
      }
      LogEvent last = page.get(page.size() - 1);
      q = q.withPage(q.limit(), new Position(last.timeNanos(), last.id()));
    }
    return out;
  }

  /** The clock's nanoTime, for the buffered form ({@link TailStream#collect}). */
  public LongSupplier nanoTime() {
    return nanoTime;
  }
}
