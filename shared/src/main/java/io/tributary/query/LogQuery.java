package io.tributary.query;

import io.tributary.event.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A structured query over one tenant's events. All filters are ANDed; within a list, values are
 * ORed.
 *
 * @param fromNanos inclusive lower bound of event time
 * @param toNanos exclusive upper bound of event time
 * @param severities severities to keep; empty keeps all
 * @param services services to keep; empty keeps all
 * @param hosts hosts to keep; empty keeps all
 * @param attributes attribute values that must all match exactly (compared as text)
 * @param words words that must all occur in the message (see {@link Words}); a repeat counts once and is dropped
 * @param limit most events to return
 * @param after the last position of the previous page, or null for the first page
 * @param asOfNanos only events ingested at or before this time (a stable snapshot while paging)
 * @param expr the filter tree of {@code q} (ANDed with the rest); {@link QueryExpr#ALL} for none
 */
public record LogQuery(
    long fromNanos,
    long toNanos,
    Set<Severity> severities,
    List<String> services,
    List<String> hosts,
    Map<String, String> attributes,
    List<String> words,
    Order order,
    int limit,
    Position after,
    long asOfNanos,
    QueryExpr expr) {

  /** A query without a {@code q} tree. */
  public LogQuery(long fromNanos, long toNanos, Set<Severity> severities, List<String> services, List<String> hosts,
      Map<String, String> attributes, List<String> words, Order order, int limit, Position after, long asOfNanos) {
    this(fromNanos, toNanos, severities, services, hosts, attributes, words, order, limit, after, asOfNanos,
        QueryExpr.ALL);
  }

  public LogQuery {
    expr = expr == null ? QueryExpr.ALL : expr;
    severities = Set.copyOf(severities);
    services = List.copyOf(services);
    hosts = List.copyOf(hosts);
    attributes = Map.copyOf(attributes);
    words = List.copyOf(new java.util.LinkedHashSet<>(words));
  }

  /** Everything of a tenant, newest first. */
  public static LogQuery all(int limit) {
    return new LogQuery(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), List.of(), List.of(), Map.of(), List.of(),
        Order.NEWEST, limit, null, Long.MAX_VALUE);
  }

  public LogQuery withPage(int newLimit, Position newAfter) {
    return new LogQuery(fromNanos, toNanos, severities, services, hosts, attributes, words, order, newLimit,
        newAfter, asOfNanos, expr);
  }

  public LogQuery withAsOf(long nanos) {
    return new LogQuery(fromNanos, toNanos, severities, services, hosts, attributes, words, order, limit, after,
        nanos, expr);
  }

  public LogQuery withExpr(QueryExpr newExpr) {
    return new LogQuery(fromNanos, toNanos, severities, services, hosts, attributes, words, order, limit, after,
        asOfNanos, newExpr);
  }

  public LogQuery withTimeRange(long newFromNanos, long newToNanos) {
    return new LogQuery(newFromNanos, newToNanos, severities, services, hosts, attributes, words, order, limit, after,
        asOfNanos, expr);
  }
}
