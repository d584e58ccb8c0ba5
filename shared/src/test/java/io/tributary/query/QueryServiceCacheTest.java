package io.tributary.query;

import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.querycache.CachedPages;
import io.tributary.testing.ClockedQueryCache;
import io.tributary.testing.ListLogStore;
import io.tributary.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryServiceCacheTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration RECENT = Duration.ofSeconds(2);
  private static final Duration PAST = Duration.ofSeconds(60);

  private MutableClock clock;
  private ListLogStore store;
  private ClockedQueryCache cache;
  private QueryService service;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    store = new ListLogStore();
    cache = new ClockedQueryCache(clock);
    service = new QueryService(store, new CursorCodec(new byte[32]), clock, Duration.ofSeconds(10), System::nanoTime)
        .withCache(cache, RECENT, PAST);
    long now = Timestamps.ofInstant(NOW);
    List<LogEvent> events = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      events.add(event(ACME, now - Duration.ofHours(2).toNanos() - i, "acme timeout " + i));
      events.add(event(GLOBEX, now - Duration.ofHours(2).toNanos() - i, "globex timeout " + i));
      events.add(event(ACME, now - Duration.ofSeconds(30).toNanos() - i, "acme recent timeout " + i));
    }
    store.upsert(events);
  }

  private static QueryRequest request(String json) throws QueryException {
    return QueryRequest.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSameQueryAskedAgainIsAnsweredFromTheCache() throws Exception {
    QueryPage first = service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    QueryPage second = service.query(ACME, request("{\"last\":\"1h\",\"q\":\"timeout\"}"));
    assertEquals(1, store.queries.get(), "the second answer came from the cache");
    assertEquals(first, second);
    assertEquals(5, second.events().size());
    assertEquals(1, service.cacheStats().hits());
    assertEquals(1, service.cacheStats().misses());
  }

  @Test
  void anAnswerCachedBeforeTheTenantsDataChangedIsNotServedAfterIt() throws Exception {
    io.tributary.querycache.DataGenerations generations = new io.tributary.querycache.DataGenerations();
    QueryService withGenerations = service.withGenerations(generations);
    String q = "{\"q\":\"timeout\",\"last\":\"3h\"}";
    assertEquals(10, withGenerations.query(ACME, request(q)).events().size());
    withGenerations.query(GLOBEX, request(q));
    assertEquals(2, store.queries.get());
    // A replay stores an event back (an erasure or a retention drop would take some away).
    store.upsert(List.of(event(ACME, Timestamps.ofInstant(NOW) - Duration.ofHours(2).toNanos() - 99, "acme timeout back")));
    generations.changed(ACME);
    assertEquals(11, withGenerations.query(ACME, request(q)).events().size(), "not the cached 10");
    assertEquals(3, store.queries.get());
    withGenerations.query(ACME, request(q));
    withGenerations.query(GLOBEX, request(q));
    assertEquals(3, store.queries.get(), "cached again under the new generation; globex's entry untouched");
  }

  @Test
  void queriesThatPrintAlikeShareAnEntryAndOthersDoNot() throws Exception {
    service.query(ACME, request("{\"q\":\"timeout AND acme\",\"severity\":[\"INFO\",\"WARN\"],\"last\":\"1h\"}"));
    service.query(ACME, request("{\"q\":\"timeout  acme\",\"severity\":[\"WARN\",\"INFO\"],\"last\":\"1h\"}"));
    assertEquals(1, store.queries.get(), "the same query, written differently");
    service.query(ACME, request("{\"q\":\"timeout acme\",\"severity\":[\"WARN\",\"INFO\"],\"last\":\"1h\",\"limit\":3}"));
    service.query(ACME, request("{\"q\":\"timeout acme\",\"severity\":[\"WARN\",\"INFO\"],\"last\":\"2h\"}"));
    assertEquals(3, store.queries.get(), "another limit, another range: other answers");
  }

  @Test
  void anotherTenantAskingTheSameQueryNeverGetsTheFirstTenantsAnswer() throws Exception {
    String q = "{\"q\":\"timeout\",\"last\":\"3h\"}";
    QueryPage acme = service.query(ACME, request(q));
    QueryPage globex = service.query(GLOBEX, request(q));
    assertEquals(2, store.queries.get(), "globex's query ran on the store");
    assertEquals(10, acme.events().size());
    assertEquals(5, globex.events().size());
    for (LogEvent e : globex.events()) {
      assertEquals(GLOBEX, e.tenant());
    }
    assertEquals(acme, service.query(ACME, request(q)));
    assertEquals(globex, service.query(GLOBEX, request(q)));
    assertEquals(2, store.queries.get());
  }

  @Test
  void aRangeReachingNowIsKeptBrieflyAndASettledOneLonger() throws Exception {
    service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    assertEquals(RECENT, cache.lastTtl);
    clock.advance(Duration.ofSeconds(3));
    service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    assertEquals(2, store.queries.get(), "expired after the short TTL");

    String past = "{\"q\":\"timeout\",\"from\":\"2026-01-01T09:00:00Z\",\"to\":\"2026-01-01T11:00:00Z\"}";
    service.query(ACME, request(past));
    assertEquals(PAST, cache.lastTtl, "the range ended an hour ago, past " + QueryService.SETTLED_AFTER);
    clock.advance(Duration.ofSeconds(30));
    service.query(ACME, request(past));
    assertEquals(3, store.queries.get(), "still cached after 30 s");
    clock.advance(Duration.ofSeconds(31));
    service.query(ACME, request(past));
    assertEquals(4, store.queries.get(), "expired after the long TTL");

    service.query(ACME, request("{\"q\":\"timeout\",\"from\":\"2026-01-01T11:00:00Z\",\"to\":\"2026-01-01T11:58:00Z\"}"));
    assertEquals(RECENT, cache.lastTtl, "a range that ended two minutes ago is not settled");
  }

  @Test
  void cursorPagesAreCachedByCursorAndContinueTheSnapshot() throws Exception {
    QueryPage first = service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"3h\",\"limit\":4}"));
    assertNotNull(first.nextCursor());
    String next = "{\"q\":\"timeout\",\"last\":\"3h\",\"limit\":4,\"cursor\":\"" + first.nextCursor() + "\"}";
    QueryPage second = service.query(ACME, request(next));
    assertEquals(second, service.query(ACME, request(next)));
    assertEquals(2, store.queries.get());
    assertEquals(4, second.events().size());
  }

  @Test
  void aCacheThatIsDownIsSkippedAndTheQueryStillAnswers() throws Exception {
    cache.down = true;
    QueryPage page = service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    assertEquals(5, page.events().size());
    service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    assertEquals(2, store.queries.get());
    assertEquals(4, service.cacheStats().failures(), "a read and a write per query, each refused");
    cache.down = false;
    service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    service.query(ACME, request("{\"q\":\"timeout\",\"last\":\"1h\"}"));
    assertEquals(3, store.queries.get(), "back in use once it answers");
  }

  @Test
  void aCachedPageReadsBackWhole() {
    long now = Timestamps.ofInstant(NOW);
    LogEvent e = io.tributary.testing.TestEvents.event(ACME, "id-1", now, io.tributary.event.Severity.ERROR, "api",
        "h1", "disk full", java.util.Map.of("n", 3L, "ok", true, "s", "x", "d", 1.5));
    QueryPage page = new QueryPage(List.of(e), "cursor-text");
    assertEquals(page, CachedPages.read(CachedPages.write(page), ACME).orElseThrow());
    byte[] other = CachedPages.write(page);
    other[0] = 9;
    assertEquals(java.util.Optional.empty(), CachedPages.read(other, ACME), "another version reads as absent");
    assertEquals(java.util.Optional.empty(), CachedPages.read(new byte[] {1, 5}, ACME), "damaged reads as absent");
  }
}
