package io.tributary.store;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import java.io.IOException;
import java.util.List;

/**
 * Where enriched events live for query (Cosmos DB, or the local index). Thread-safe.
 *
 * <p>Identity is (tenant, id), and <b>the first write wins</b>: of the copies of an event (the
 * same tenant, time and id — a redelivered batch, a client's retry, or a repeat with other
 * content) queries return one, the first written: the copy with the smallest ingest time (copies
 * ingested at the same moment come from one frame delivered twice; a store picks among them the
 * same way every time). A later upsert never replaces what an earlier one stored, and a store's
 * own background work (compaction) never changes which copy is returned. Processing a batch twice
 * changes nothing.
 */
public interface LogStore extends AutoCloseable {

  /**
   * Stores {@code events} (of any tenants; each carries its own), keeping the first write of each
   * event (see above). Durable when this returns: a crash afterwards loses none of them. Visible to
   * queries within about a second.
   */
  void upsert(List<LogEvent> events) throws IOException;

  /**
   * {@link #upsert(List)}, with each event's {@link io.tributary.frame.EventCodec} row already
   * encoded at the same index of {@code rows}: a store that keeps rows in that form copies them
   * instead of encoding every event again. Others ignore them.
   */
  default void upsert(List<LogEvent> events, io.tributary.frame.EncodedRows rows) throws IOException {
    upsert(events);
  }

  /**
   * Up to {@code query.limit()} events of {@code tenant} that match, in {@code query.order()}
   * (by time, then id), strictly after {@code query.after()} when set.
   */
  List<LogEvent> query(TenantId tenant, LogQuery query) throws IOException;

  /**
   * {@link #query(TenantId, LogQuery)} within a deadline: a store that scans checks
   * {@code deadline} at least once per block, item or few thousand rows it reads, and once it has
   * passed stops and throws {@link io.tributary.query.QueryTimeoutException} instead of answering
   * a page (a partial page would break paging). The default cannot stop a query under way: it
   * runs it to the end.
   */
  default List<LogEvent> query(TenantId tenant, LogQuery query, io.tributary.query.QueryDeadline deadline)
      throws IOException {
    return query(tenant, query);
  }

  /** Events a {@link #scan} reads per page of the default implementation. */
  int SCAN_PAGE = 1000;

  /**
   * Hands every event of {@code tenant} that matches {@code query} to {@code sink}, each once (the
   * copy {@link #query} would return), oldest first; {@code query.limit()}, {@code order()} and
   * {@code after()} are ignored. For aggregations, which read all matches but keep none. Checks
   * {@code deadline} as {@link #query(TenantId, LogQuery, io.tributary.query.QueryDeadline)} does
   * and throws {@link io.tributary.query.QueryTimeoutException} once it has passed. The default
   * pages through {@code query} {@link #SCAN_PAGE} events at a time, at the query's
   * {@code asOfNanos}, so events ingested meanwhile are not seen.
   */
  default void scan(TenantId tenant, LogQuery query, io.tributary.query.QueryDeadline deadline,
      java.util.function.Consumer<LogEvent> sink) throws IOException {
    LogQuery page = new LogQuery(query.fromNanos(), query.toNanos(), query.severities(), query.services(),
        query.hosts(), query.attributes(), query.words(), io.tributary.query.Order.OLDEST, SCAN_PAGE, null,
        query.asOfNanos(), query.expr());
    while (true) {
      deadline.check();
      List<LogEvent> events = query(tenant, page, deadline);
      events.forEach(sink);
      if (events.size() < SCAN_PAGE) {
        return;
      }
      LogEvent last = events.get(events.size() - 1);
      page = page.withPage(SCAN_PAGE, new io.tributary.query.Position(last.timeNanos(), last.id()));
    }
  }

  /**
   * Like {@link #scan}, for an aggregation that needs of each event only its time, severity,
   * service and host: a store that keeps those as columns hands them out in {@link ColumnBatch}es
   * without reading the events, each matching event once (the copy {@link #scan} would hand out)
   * and returns true. A store that cannot answer this query so (it filters on words or attributes,
   * or it keeps no such columns) returns false before calling {@code sink}; the caller then scans.
   * The default returns false.
   */
  default boolean scanColumns(TenantId tenant, LogQuery query, io.tributary.query.QueryDeadline deadline,
      java.util.function.Consumer<ColumnBatch> sink) throws IOException {
    return false;
  }

  @Override
  void close() throws IOException;
}
