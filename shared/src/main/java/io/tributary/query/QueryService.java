package io.tributary.query;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Runs queries for one tenant against the {@link LogStore}, with stable cursor paging: a cursor
 * fixes the snapshot time of its first page and the sort position of the last event returned, so
 * pages neither skip nor repeat events while ingest goes on. Thread-safe.
 */
public final class QueryService {

  private final LogStore store;
  private final CursorCodec cursors;
  private final Clock clock;

  public QueryService(LogStore store, CursorCodec cursors, Clock clock) {
    this.store = store;
    this.cursors = cursors;
    this.clock = clock;
  }

  public QueryPage query(TenantId tenant, QueryRequest request) throws QueryException, IOException {
    LogQuery q = request.query();
    long fingerprint = CursorCodec.fingerprint(q);
    if (request.cursor() != null) {
      CursorCodec.State s = cursors.decode(tenant, request.cursor(), fingerprint);
      q = q.withAsOf(s.asOfNanos()).withPage(q.limit(), s.after());
    } else {
      q = q.withAsOf(Timestamps.ofInstant(clock.instant()));
    }
    int limit = q.limit();
    List<LogEvent> found = store.query(tenant, q.withPage(limit + 1, q.after()));
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
