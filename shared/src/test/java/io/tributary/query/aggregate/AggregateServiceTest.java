package io.tributary.query.aggregate;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.query.QueryException;
import io.tributary.store.LogStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AggregateServiceTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Clock CLOCK = Clock.fixed(Timestamps.toInstant(T0 + 3_600L * Timestamps.NANOS_PER_SECOND),
      ZoneOffset.UTC);

  /** A store of a list; each page it answers takes a second of the injected monotonic clock. */
  private static final class PagingStore implements LogStore {
    final List<LogEvent> events = new ArrayList<>();
    final AtomicLong now;

    PagingStore(AtomicLong now) {
      this.now = now;
    }

    @Override
    public void upsert(List<LogEvent> batch) {
      events.addAll(batch);
    }

    @Override
    public List<LogEvent> query(TenantId tenant, LogQuery q) {
      LogFilter f = LogFilter.of(q);
      now.addAndGet(Duration.ofSeconds(1).toNanos());
      return events.stream().filter(e -> e.tenant().equals(tenant) && f.matches(e) && f.follows(e))
          .sorted(Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id))
          .limit(q.limit()).toList();
    }

    @Override
    public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) throws java.io.IOException {
      deadline.check();
      return query(tenant, q);
    }

    @Override
    public void close() {
    }
  }

  private static AggregateRequest read(String json) throws QueryException {
    return AggregateRequest.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static PagingStore store(AtomicLong now, int n) {
    PagingStore s = new PagingStore(now);
    for (int i = 0; i < n; i++) {
      s.upsert(List.of(event(ACME, T0 + i * Timestamps.NANOS_PER_SECOND, "m" + i)));
    }
    return s;
  }

  @Test
  void lastCoversTheHourBeforeNowAndTheScanPagesThroughEveryMatch() throws Exception {
    AtomicLong now = new AtomicLong();
    AggregateService service = new AggregateService(store(now, 3_500), CLOCK, Duration.ofSeconds(60), now::get);
    AggregateResult r = service.aggregate(ACME, read("{\"last\":\"1h\",\"histogram\":{\"interval\":\"1m\"}}"));
    assertEquals(3_500, r.total());
    assertEquals(61, r.histogram().buckets().size(), "[now - 1h, now] in whole minutes");
  }

  @Test
  void anAggregationPastTheDeadlineAnswers503QueryTimeout() throws Exception {
    AtomicLong now = new AtomicLong();
    AggregateService service = new AggregateService(store(now, 3_500), CLOCK, Duration.ofMillis(1500), now::get);
    QueryException e = assertThrows(QueryException.class,
        () -> service.aggregate(ACME, read("{\"groupBy\":\"service\"}")));
    assertEquals(503, e.problem().status());
    assertEquals("query_timeout", e.problem().code());
  }

  @Test
  void anExplicitIntervalOfMoreThanAThousandBucketsIs400() {
    AggregateService service = new AggregateService(store(new AtomicLong(), 1), CLOCK);
    QueryException e = assertThrows(QueryException.class,
        () -> service.aggregate(ACME, read("{\"last\":\"1d\",\"histogram\":{\"interval\":\"1m\"}}")));
    assertEquals("too_many_buckets", e.problem().code());
  }

  @Test
  void aPatternThatGeneralisedIsOneGroupUnderItsNewIdAndAFilterByEitherIdFindsBoth() throws Exception {
    PagingStore store = new PagingStore(new AtomicLong());
    for (int i = 0; i < 5; i++) {
      String id = i < 2 ? "p-old" : "p-new";
      long t = T0 + i * Timestamps.NANOS_PER_SECOND;
      store.upsert(List.of(new LogEvent("e" + i, ACME, io.tributary.event.EventKind.TEXT, t, t, null, null, "svc",
          "h", "user " + i + " logged in", java.util.Map.of(), null, null, id, "user <*> logged in")));
    }
    java.util.Map<String, java.util.Set<String>> ids = java.util.Map.of("p-old", java.util.Set.of("p-new", "p-old"),
        "p-new", java.util.Set.of("p-new", "p-old"));
    AggregateService plain = new AggregateService(store, CLOCK);
    AggregateService service = plain.withPatternIds((t, id) -> ids.getOrDefault(id, java.util.Set.of(id)),
        (t, id) -> id.equals("p-old") ? "p-new" : id);
    AggregateResult grouped = service.aggregate(ACME, read("{\"groupBy\":\"pattern\"}"));
    assertEquals(1, grouped.groups().size(), "one group: " + grouped.groups());
    assertEquals(5, grouped.total());
    assertEquals(2, plain.aggregate(ACME, read("{\"groupBy\":\"pattern\"}")).groups().size(),
        "as stored, the two ids are two groups");
    assertEquals(5, service.aggregate(ACME, read("{\"q\":\"pattern:p-old\"}")).total());
    assertEquals(5, service.aggregate(ACME, read("{\"q\":\"pattern:p-new\"}")).total());
    assertEquals(2, plain.aggregate(ACME, read("{\"q\":\"pattern:p-old\"}")).total());
  }
}
