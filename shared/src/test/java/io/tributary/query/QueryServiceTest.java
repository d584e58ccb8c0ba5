package io.tributary.query;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueryServiceTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** A store that scans its events one by one, a second of (fake) time each, looking at the deadline as it goes. */
  private static final class ScanningStore implements LogStore {
    final List<LogEvent> events = new ArrayList<>();
    final AtomicLong now;
    int looked;

    ScanningStore(AtomicLong now) {
      this.now = now;
    }

    @Override
    public void upsert(List<LogEvent> e) {
      events.addAll(e);
    }

    @Override
    public List<LogEvent> query(TenantId tenant, LogQuery q) {
      return List.copyOf(events);
    }

    @Override
    public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) throws IOException {
      List<LogEvent> out = new ArrayList<>();
      for (LogEvent e : events) {
        deadline.check();
        looked++;
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        out.add(e);
      }
      return out;
    }

    @Override
    public void close() {
    }
  }

  private static QueryService service(LogStore store, AtomicLong now, Duration timeout) {
    return new QueryService(store, new CursorCodec(new byte[32]), CLOCK, timeout, now::get);
  }

  @Test
  void aQueryThatRunsPastItsDeadlineStopsAndAnswers503QueryTimeout() throws Exception {
    AtomicLong now = new AtomicLong(42);
    ScanningStore store = new ScanningStore(now);
    for (int i = 0; i < 100; i++) {
      store.upsert(List.of(event(ACME, T0 + i, "m" + i)));
    }
    QueryException e = assertThrows(QueryException.class,
        () -> service(store, now, Duration.ofSeconds(10)).query(ACME, new QueryRequest(LogQuery.all(1000), null)));
    assertEquals(10, store.looked, "the store stopped at the deadline, not at the end");
    assertEquals(503, e.problem().status());
    assertEquals(QueryReasons.QUERY_TIMEOUT, e.problem().code());
    assertEquals(10L, e.problem().extensions().get("retryAfterSeconds"));
    assertTrue(e.problem().detail().contains("narrow the time range"), e.problem().detail());
  }

  @Test
  void aQueryWithinItsDeadlineAnswersItsPage() throws Exception {
    AtomicLong now = new AtomicLong(-5);
    ScanningStore store = new ScanningStore(now);
    for (int i = 0; i < 5; i++) {
      store.upsert(List.of(event(ACME, T0 + i, "m" + i)));
    }
    QueryPage page = service(store, now, Duration.ofSeconds(10)).query(ACME, new QueryRequest(LogQuery.all(10), null));
    assertEquals(5, page.events().size());
  }

  @Test
  void aDeadlineNearTheEndOfTheClockStillPasses() {
    AtomicLong now = new AtomicLong(Long.MAX_VALUE - 5);
    QueryDeadline d = QueryDeadline.after(Duration.ofNanos(10), now::get);
    now.addAndGet(9);
    assertEquals(false, d.passed());
    now.addAndGet(1);
    assertEquals(true, d.passed(), "nanoTime wraps; the deadline is compared by difference");
    assertEquals(false, QueryDeadline.none().passed());
  }

  @Test
  void lastResolvesAgainstTheSnapshotTimeSoEveryPageSharesTheRange() throws Exception {
    List<LogQuery> seen = new ArrayList<>();
    LogStore store = new LogStore() {
      @Override
      public void upsert(List<LogEvent> events) {
      }

      @Override
      public void close() {
      }

      @Override
      public List<LogEvent> query(TenantId tenant, LogQuery q) {
        return query(tenant, q, QueryDeadline.none());
      }

      @Override
      public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) {
        seen.add(q);
        long t = q.asOfNanos() - Duration.ofMinutes(1).toNanos();
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < q.limit(); i++) {
          out.add(event(tenant, "e" + i, t - i, io.tributary.event.Severity.INFO, "s", "h", "m", java.util.Map.of()));
        }
        return out;
      }
    };
    CursorCodec cursors = new CursorCodec(new byte[32]);
    io.tributary.testing.MutableClock clock = new io.tributary.testing.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    QueryService service = new QueryService(store, cursors, clock, Duration.ofSeconds(10), System::nanoTime);
    QueryRequest first = new QueryRequest(LogQuery.all(2), null, Duration.ofMinutes(15), null);
    QueryPage page = service.query(ACME, first);
    long asOf = seen.get(0).asOfNanos();
    assertEquals(asOf - Duration.ofMinutes(15).toNanos(), seen.get(0).fromNanos());
    clock.advance(Duration.ofHours(1));
    service.query(ACME, new QueryRequest(LogQuery.all(2), page.nextCursor(), Duration.ofMinutes(15), null));
    assertEquals(asOf - Duration.ofMinutes(15).toNanos(), seen.get(1).fromNanos(), "the first page's range");
    QueryException e = assertThrows(QueryException.class, () -> service.query(ACME,
        new QueryRequest(LogQuery.all(2), page.nextCursor(), Duration.ofMinutes(16), null)));
    assertEquals(QueryReasons.CURSOR_MISMATCH, e.problem().code());
  }
}
