package io.tributary.search;

import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.CursorCodec;
import io.tributary.query.QueryPage;
import io.tributary.query.QueryRequest;
import io.tributary.query.QueryService;
import io.tributary.testing.ListLogStore;
import io.tributary.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full-text questions go to the index when it holds every event they can match; the rest to the store. */
class QueryRoutingTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId OPTED = TenantId.of("opted");
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final IndexingPolicy POLICY = new IndexingPolicy(Severity.WARN, 1, Set.of(), Set.of(OPTED));
  private static final String[] WORDS = {"timeout", "disk", "full", "user", "login", "failed", "retry", "db"};

  private MutableClock clock;
  private ListLogStore store;
  private InMemorySearchIndex index;
  private QueryService routed;
  private QueryService storeOnly;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    store = new ListLogStore();
    index = new InMemorySearchIndex();
    CursorCodec cursors = new CursorCodec(new byte[32]);
    routed = new QueryService(store, cursors, clock, Duration.ofSeconds(10), System::nanoTime)
        .withIndex(new IndexRoute(index, POLICY, t -> null));
    storeOnly = new QueryService(store, cursors, clock, Duration.ofSeconds(10), System::nanoTime);
    long now = Timestamps.ofInstant(NOW);
    Random r = new Random(12);
    List<LogEvent> events = new ArrayList<>();
    for (TenantId t : List.of(ACME, OPTED)) {
      for (int i = 0; i < 400; i++) {
        // Most within the last hours, some older than the index's day.
        long age = i % 10 == 0 ? Duration.ofDays(2).toNanos() + r.nextInt(1000) : r.nextLong(Duration.ofHours(3).toNanos());
        StringBuilder m = new StringBuilder();
        for (int w = 0; w < 4; w++) {
          m.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        Severity s = Severity.values()[r.nextInt(Severity.values().length)];
        events.add(event(t, "e" + i + "-" + t.value(), now - age, s, r.nextBoolean() ? "api" : "web", "h1",
            m.toString().trim(), Map.of()));
      }
    }
    store.upsert(events);
    // What the Index function would have indexed.
    index.index(events.stream().filter(e -> POLICY.indexes(e, POLICY.allSeverities(e.tenant(), null), now)).toList());
  }

  private static QueryRequest request(String json) throws Exception {
    return QueryRequest.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<LogEvent> all(QueryService service, TenantId t, String json) throws Exception {
    List<LogEvent> out = new ArrayList<>();
    String cursor = null;
    do {
      String body = cursor == null ? json : json.substring(0, json.length() - 1) + ",\"cursor\":\"" + cursor + "\"}";
      QueryPage p = service.query(t, request(body));
      out.addAll(p.events());
      cursor = p.nextCursor();
    } while (cursor != null);
    return out;
  }

  @Test
  void aFullTextQueryOfIndexedSeveritiesIsAnsweredByTheIndexWithTheStoresEvents() throws Exception {
    for (String q : List.of("timeout", "\\\"disk full\\\"", "timeout AND NOT retry", "(login OR db) AND failed",
        "user AND service:api AND fai*", "timeout AND severity:>=ERROR")) {
      String json = "{\"q\":\"" + q + "\",\"minSeverity\":\"WARN\",\"last\":\"2h\",\"limit\":7}";
      int before = store.queries.get();
      List<LogEvent> fromIndex = all(routed, ACME, json);
      assertEquals(before, store.queries.get(), q + ": not one page from the store");
      List<LogEvent> fromStore = all(storeOnly, ACME, json);
      assertFalse(fromStore.isEmpty(), q);
      assertEquals(fromStore, fromIndex, q);
    }
  }

  @Test
  void questionsTheIndexCannotAnswerWhollyGoToTheStore() throws Exception {
    for (String json : List.of(
        "{\"q\":\"timeout\",\"last\":\"2h\"}",                                   // INFO and below are not indexed
        "{\"q\":\"timeout\",\"minSeverity\":\"INFO\",\"last\":\"2h\"}",
        "{\"q\":\"timeout OR severity:ERROR\",\"last\":\"2h\"}",
        "{\"q\":\"severity:>=ERROR\",\"last\":\"2h\"}",                          // no words
        "{\"q\":\"tim*\",\"minSeverity\":\"WARN\",\"last\":\"2h\"}",             // a prefix alone
        "{\"q\":\"timeout\",\"minSeverity\":\"WARN\",\"last\":\"3d\"}",          // older than the index keeps
        "{\"q\":\"timeout\",\"minSeverity\":\"WARN\",\"last\":\"1410m\"}",      // 23.5 h: inside the margin
        "{\"q\":\"timeout\",\"minSeverity\":\"WARN\"}")) {                       // no lower bound
      int before = store.queries.get();
      assertEquals(all(storeOnly, ACME, json), all(routed, ACME, json), json);
      int storeCalls = store.queries.get() - before;
      assertTrue(storeCalls >= 2 && storeCalls % 2 == 0,
          json + ": the routed service asked the store as often as the store-only one");
    }
  }

  @Test
  void anOptedInTenantsQuestionsOfEverySeverityGoToTheIndex() throws Exception {
    String json = "{\"q\":\"login AND failed\",\"last\":\"2h\",\"limit\":5}";
    int before = store.queries.get();
    List<LogEvent> fromIndex = all(routed, OPTED, json);
    assertEquals(before, store.queries.get());
    assertEquals(all(storeOnly, OPTED, json), fromIndex);
    assertTrue(fromIndex.stream().anyMatch(e -> !e.severity().atLeast(Severity.WARN)));
  }

  @Test
  void aCursorFromTheIndexContinuesOnTheIndexEvenWhenTheRangeLeavesItsWindow() throws Exception {
    String json = "{\"q\":\"timeout\",\"minSeverity\":\"WARN\",\"last\":\"2h\",\"limit\":3}";
    QueryPage first = routed.query(ACME, request(json));
    assertNotNull(first.nextCursor());
    List<LogEvent> expected = storeOnly.query(ACME, request(json.replace("\"limit\":3", "\"limit\":6"))).events();
    // A day later a new query over the same range would go to the store; this one's next page does not.
    clock.advance(Duration.ofHours(23));
    int before = store.queries.get();
    QueryPage second = routed.query(ACME,
        request(json.substring(0, json.length() - 1) + ",\"cursor\":\"" + first.nextCursor() + "\"}"));
    assertEquals(before, store.queries.get(), "the second page came from the index");
    List<LogEvent> both = new ArrayList<>(first.events());
    both.addAll(second.events());
    assertEquals(expected, both);
  }

  @Test
  void aStoreCursorStaysOnTheStore() throws Exception {
    String json = "{\"q\":\"timeout\",\"minSeverity\":\"WARN\",\"last\":\"2h\",\"limit\":3}";
    QueryPage first = storeOnly.query(ACME, request(json));
    int before = store.queries.get();
    routed.query(ACME, request(json.substring(0, json.length() - 1) + ",\"cursor\":\"" + first.nextCursor() + "\"}"));
    assertEquals(before + 1, store.queries.get(), "a page the store began, the store continues");
  }

  @Test
  void whenTheIndexFailsAFirstPageIsAnsweredByTheStoreAndItsCursorStaysThere() throws Exception {
    SearchIndex failing = new SearchIndex() {
      @Override
      public IndexResult index(List<LogEvent> events) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<LogEvent> search(TenantId tenant, SearchQuery query) throws java.io.IOException {
        throw new java.io.IOException("AI Search answered 503");
      }

      @Override
      public long deleteBefore(TenantId tenant, long beforeNanos) {
        return 0;
      }

      @Override
      public void close() {
      }
    };
    QueryService service = new QueryService(store, new CursorCodec(new byte[32]), clock, Duration.ofSeconds(10),
        System::nanoTime).withIndex(new IndexRoute(failing, POLICY, t -> null));
    String json = "{\"q\":\"timeout\",\"minSeverity\":\"WARN\",\"last\":\"2h\",\"limit\":3}";
    assertEquals(all(storeOnly, ACME, json), all(service, ACME, json));
  }
}
