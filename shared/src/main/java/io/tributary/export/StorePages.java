package io.tributary.export;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.query.QueryDeadline;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A tenant's matching events from the {@link LogStore}, oldest first, read a page at a time by
 * (time, id) search-after at one snapshot time, so an export neither skips nor repeats an event
 * while ingest goes on, and holds one page. Each page has its own query deadline.
 */
final class StorePages implements EventCursor {

  /**
   * Events per page: the most one store query answers. (10,000 was tried: on 10 M events in 57
   * overlapping blocks the block store ran out of a 256 MiB heap on the second page.)
   */
  static final int PAGE = 1_000;

  private final LogStore store;
  private final TenantId tenant;
  private final Duration pageTimeout;
  private final LongSupplier nanoTime;
  private LogQuery query;
  private List<LogEvent> page = List.of();
  private int next;
  private boolean last;

  /** @param query the filters, with its snapshot time ({@code asOfNanos}) set; {@code after} where to start, or null */
  StorePages(LogStore store, TenantId tenant, LogQuery query, Duration pageTimeout, LongSupplier nanoTime) {
    this.store = store;
    this.tenant = tenant;
    this.query = new LogQuery(query.fromNanos(), query.toNanos(), query.severities(), query.services(), query.hosts(),
        query.attributes(), query.words(), Order.OLDEST, PAGE, query.after(), query.asOfNanos(), query.expr());
    this.pageTimeout = pageTimeout;
    this.nanoTime = nanoTime;
  }

  @Override
  public LogEvent next() throws IOException {
    if (next == page.size()) {
      if (last) {
        return null;
      }
      page = store.query(tenant, query, QueryDeadline.after(pageTimeout, nanoTime));
      next = 0;
      last = page.size() < PAGE;
      if (page.isEmpty()) {
        return null;
      }
      LogEvent tail = page.get(page.size() - 1);
      query = query.withPage(PAGE, new Position(tail.timeNanos(), tail.id()));
    }
    return page.get(next++);
  }

  @Override
  public void close() {
    page = List.of();
    last = true;
    next = 0;
  }
}
