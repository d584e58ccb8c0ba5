package io.tributary.search;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.query.Words;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SearchIndex} in memory, for tests and for what runs beside them; it holds the events
 * themselves and scans them. The local runtime needs none: its store answers full text.
 */
public final class InMemorySearchIndex implements SearchIndex {

  private static final Comparator<LogEvent> OLDEST_FIRST =
      Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id);

  /** Guarded by this. */
  private final Map<TenantId, Map<String, LogEvent>> byTenant = new HashMap<>();

  @Override
  public synchronized IndexResult index(List<LogEvent> events) {
    for (LogEvent e : events) {
      byTenant.computeIfAbsent(e.tenant(), t -> new HashMap<>()).put(e.id(), e);
    }
    return new IndexResult(events.size(), List.of());
  }

  @Override
  public List<LogEvent> search(TenantId tenant, SearchQuery query) {
    List<LogEvent> candidates;
    synchronized (this) {
      candidates = new ArrayList<>(byTenant.getOrDefault(tenant, Map.of()).values());
    }
    LogQuery q = query.filter();
    List<String> words = new ArrayList<>();
    for (String w : q.words()) {
      words.addAll(Words.of(w));
    }
    List<List<String>> phrases = query.phrases().stream().map(Words::of).filter(p -> !p.isEmpty()).toList();
    Comparator<LogEvent> order = q.order() == Order.OLDEST ? OLDEST_FIRST : OLDEST_FIRST.reversed();
    List<LogEvent> out = new ArrayList<>();
    for (LogEvent e : candidates) {
      if (matches(e, q, words, phrases)) {
        out.add(e);
      }
    }
    out.sort(order);
    return out.size() > q.limit() ? new ArrayList<>(out.subList(0, q.limit())) : out;
  }

  private static boolean matches(LogEvent e, LogQuery q, List<String> words, List<List<String>> phrases) {
    if (e.timeNanos() < q.fromNanos() || e.timeNanos() >= q.toNanos() || e.ingestedNanos() > q.asOfNanos()) {
      return false;
    }
    if (!q.severities().isEmpty() && !q.severities().contains(e.severity())) {
      return false;
    }
    if (!q.services().isEmpty() && !q.services().contains(e.service())) {
      return false;
    }
    if (!q.hosts().isEmpty() && !q.hosts().contains(e.host())) {
      return false;
    }
    for (Map.Entry<String, String> a : q.attributes().entrySet()) {
      Object v = e.attributes().get(a.getKey());
      if (v == null || !Objects.equals(String.valueOf(v), a.getValue())) {
        return false;
      }
    }
    if (q.after() != null && !isAfter(e, q.after(), q.order())) {
      return false;
    }
    if (words.isEmpty() && phrases.isEmpty()) {
      return true;
    }
    List<String> messageWords = e.message() == null ? List.of() : Words.of(e.message());
    if (!new HashSet<>(messageWords).containsAll(words)) {
      return false;
    }
    for (List<String> p : phrases) {
      if (Collections.indexOfSubList(messageWords, p) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAfter(LogEvent e, Position after, Order order) {
    int c = Long.compare(e.timeNanos(), after.timeNanos());
    if (c == 0) {
      c = e.id().compareTo(after.id());
    }
    return order == Order.OLDEST ? c > 0 : c < 0;
  }

  @Override
  public synchronized long deleteBefore(TenantId tenant, long beforeNanos) {
    Map<String, LogEvent> events = byTenant.get(tenant);
    if (events == null) {
      return 0;
    }
    int before = events.size();
    events.values().removeIf(e -> e.timeNanos() < beforeNanos);
    return before - events.size();
  }

  @Override
  public void close() {
  }
}
