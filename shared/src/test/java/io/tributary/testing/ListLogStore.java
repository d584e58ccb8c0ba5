package io.tributary.testing;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.store.LogStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link LogStore} over a list, filtering with {@link LogFilter}; counts the queries it answers. */
public final class ListLogStore implements LogStore {

  private static final Comparator<LogEvent> OLDEST_FIRST =
      Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id);

  private final List<LogEvent> events = new ArrayList<>();
  /** Queries answered so far. */
  public final AtomicInteger queries = new AtomicInteger();

  @Override
  public synchronized void upsert(List<LogEvent> batch) {
    events.addAll(batch);
  }

  @Override
  public synchronized List<LogEvent> query(TenantId tenant, LogQuery q) {
    queries.incrementAndGet();
    LogFilter f = LogFilter.of(q);
    List<LogEvent> out = new ArrayList<>();
    for (LogEvent e : events) {
      if (e.tenant().equals(tenant) && f.matches(e) && f.follows(e)) {
        out.add(e);
      }
    }
    out.sort(q.order() == Order.OLDEST ? OLDEST_FIRST : OLDEST_FIRST.reversed());
    return out.size() > q.limit() ? new ArrayList<>(out.subList(0, q.limit())) : out;
  }

  @Override
  public void close() {
  }
}
