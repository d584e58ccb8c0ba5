package io.tributary.search;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.Position;
import io.tributary.query.QueryDeadline;
import io.tributary.query.QueryExpr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which full-text questions the {@link SearchIndex} answers, and how: a query goes to the index
 * when its {@code q} requires words ({@link LogFilter#requiredWords}), its time range starts inside
 * the index's window ({@link IndexingPolicy#oldestNanos}, with {@link #WINDOW_MARGIN} to spare) and
 * every severity it may match is indexed for the tenant ({@link LogFilter#severityMask}; all of
 * them when the tenant or its plan opted in). Everything else goes to the store.
 *
 * <p>The index is asked a superset: the JSON filters, the severities of the mask, the required
 * words and the phrases the whole tree requires; every candidate is then tested with
 * {@link LogFilter#matches}, so OR, NOT, prefixes and field tests mean exactly what they mean on the
 * store. Candidates come in the store's order and paging, so the page is the store's page over the
 * indexed events. Thread-safe.
 */
public final class IndexRoute {

  /**
   * How far inside the index's window a routed range must start: documents at the window's edge
   * may already be deleted, and the policy's clock and ours differ by a little.
   */
  public static final java.time.Duration WINDOW_MARGIN = java.time.Duration.ofHours(1);

  /** Candidates asked of the index at a time, at least: fewer round trips when filtering drops many. */
  static final int MIN_BATCH = 100;

  private final SearchIndex index;
  private final IndexingPolicy policy;
  private final IndexFeed.PlanLookup plans;

  public IndexRoute(SearchIndex index, IndexingPolicy policy, IndexFeed.PlanLookup plans) {
    this.index = index;
    this.policy = policy;
    this.plans = plans;
  }

  /** Whether {@code tenant}'s query {@code q} (its range resolved) is answered by the index at {@code nowNanos}. */
  public boolean accepts(TenantId tenant, LogQuery q, long nowNanos) {
    LogFilter f = LogFilter.of(q);
    if (f.requiredWords().isEmpty()) {
      return false;
    }
    if (q.fromNanos() == Long.MIN_VALUE
        || q.fromNanos() < policy.oldestNanos(nowNanos) + WINDOW_MARGIN.toNanos()) {
      return false;
    }
    if (allIndexed(f.severityMask())) {
      return true;
    }
    try {
      return policy.allSeverities(tenant, plans.planOf(tenant));
    } catch (IOException e) {
      // The tenant's plan is unknown for now: the store answers every question.
      return false;
    }
  }

  private boolean allIndexed(int mask) {
    for (Severity s : Severity.values()) {
      if ((mask & (1 << s.code())) != 0 && !s.atLeast(policy.minSeverity())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Up to {@code q.limit()} indexed events of {@code tenant} that match {@code q}, in its order,
   * after its page position: what {@link io.tributary.store.LogStore#query} answers over the
   * indexed events.
   */
  public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) throws IOException {
    LogFilter f = LogFilter.of(q);
    int batch = Math.max(MIN_BATCH, q.limit());
    LogQuery narrowed = new LogQuery(q.fromNanos(), q.toNanos(), severities(f.severityMask()), q.services(),
        q.hosts(), q.attributes(), f.requiredWords(), q.order(), batch, q.after(), q.asOfNanos(), QueryExpr.ALL);
    List<String> phrases = phrases(q.expr());
    List<LogEvent> out = new ArrayList<>();
    Position after = q.after();
    while (true) {
      deadline.check();
      List<LogEvent> candidates = index.search(tenant, new SearchQuery(narrowed.withPage(batch, after), phrases));
      for (LogEvent e : candidates) {
        if (f.matches(e) && f.follows(e)) {
          out.add(e);
          if (out.size() == q.limit()) {
            return out;
          }
        }
      }
      if (candidates.size() < batch) {
        return out;
      }
      LogEvent last = candidates.get(candidates.size() - 1);
      after = new Position(last.timeNanos(), last.id());
    }
  }

  /** The severities of {@code mask}; empty (all, and none) when it holds every one. */
  private static Set<Severity> severities(int mask) {
    Set<Severity> out = EnumSet.noneOf(Severity.class);
    for (Severity s : Severity.values()) {
      if ((mask & (1 << s.code())) != 0) {
        out.add(s);
      }
    }
    return out.size() == Severity.values().length ? Set.of() : out;
  }

  /** The phrases every match holds: the tree's own, or its top-level AND's. */
  private static List<String> phrases(QueryExpr e) {
    List<String> out = new ArrayList<>();
    if (e instanceof QueryExpr.Phrase p) {
      out.add(String.join(" ", p.words()));
    } else if (e instanceof QueryExpr.And a) {
      for (QueryExpr part : a.parts()) {
        if (part instanceof QueryExpr.Phrase p) {
          out.add(String.join(" ", p.words()));
        }
      }
    }
    return out;
  }
}
