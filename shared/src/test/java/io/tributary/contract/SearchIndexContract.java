package io.tributary.contract;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.search.IndexResult;
import io.tributary.search.SearchIndex;
import io.tributary.search.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link SearchIndex} must do. An adapter's test extends this with a fresh, empty index. */
public abstract class SearchIndexContract {

  protected static final TenantId ACME = TenantId.of("acme");
  protected static final TenantId GLOBEX = TenantId.of("globex");
  private static final long SECOND = Timestamps.NANOS_PER_SECOND;

  protected abstract SearchIndex index() throws Exception;

  private static SearchQuery words(String... words) {
    LogQuery all = LogQuery.all(1000);
    return SearchQuery.of(new LogQuery(all.fromNanos(), all.toNanos(), Set.of(), List.of(), List.of(), Map.of(),
        List.of(words), Order.NEWEST, 1000, null, Long.MAX_VALUE));
  }

  private static SearchQuery phrase(String phrase) {
    return new SearchQuery(LogQuery.all(1000), List.of(phrase));
  }

  private static List<String> ids(List<LogEvent> events) {
    return events.stream().map(LogEvent::id).toList();
  }

  @Test
  public void anIndexedEventComesBackWithAllItsFields() throws Exception {
    SearchIndex s = index();
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "ann");
    attrs.put("bytes", 1234L);
    attrs.put("ratio", 0.5);
    attrs.put("ok", true);
    LogEvent e = new LogEvent("01JDZ5XW3K9Q0000000000000A", ACME, EventKind.STRUCTURED, T0 + 123_456_789L,
        T0 + 2 * SECOND, Severity.WARN, "warning", "billing", "web-1", "disk almost full", attrs, "trace-1",
        "span-1", "p1", "disk almost <*>");
    IndexResult r = s.index(List.of(e));
    assertEquals(1, r.indexed());
    assertEquals(List.of(e), s.search(ACME, words("disk")));
  }

  @Test
  public void indexingTheSameEventAgainKeepsOneDocument() throws Exception {
    SearchIndex s = index();
    LogEvent e = event(ACME, "same-id", T0, Severity.ERROR, "svc", "h", "payment failed", Map.of());
    s.index(List.of(e));
    s.index(List.of(e, e));
    assertEquals(List.of(e), s.search(ACME, words("payment")));
  }

  @Test
  public void aTenantSeesOnlyItsOwnDocumentsEvenWithTheSameId() throws Exception {
    SearchIndex s = index();
    LogEvent a = event(ACME, "id-1", T0, Severity.ERROR, "svc", "h", "secret of acme", Map.of());
    LogEvent g = event(GLOBEX, "id-1", T0, Severity.ERROR, "svc", "h", "secret of globex", Map.of());
    s.index(List.of(a, g));
    assertEquals(List.of(a), s.search(ACME, words("secret")));
    assertEquals(List.of(g), s.search(GLOBEX, words("secret")));
    assertEquals(List.of(), s.search(ACME, words("globex")));
  }

  @Test
  public void allWordsMustOccurAndCaseAndPunctuationDoNotMatter() throws Exception {
    SearchIndex s = index();
    LogEvent both = event(ACME, "a", T0, Severity.ERROR, "svc", "h", "Connection REFUSED: db-1", Map.of());
    LogEvent one = event(ACME, "b", T0 + 1, Severity.ERROR, "svc", "h", "connection reset", Map.of());
    s.index(List.of(both, one));
    assertEquals(List.of("a"), ids(s.search(ACME, words("refused", "connection"))));
    assertEquals(List.of("b", "a"), ids(s.search(ACME, words("CONNECTION"))));
    assertEquals(List.of("a"), ids(s.search(ACME, words("db"))));
  }

  @Test
  public void aPhraseMatchesConsecutiveWordsOnly() throws Exception {
    SearchIndex s = index();
    s.index(List.of(
        event(ACME, "a", T0, Severity.ERROR, "svc", "h", "user ann logged out", Map.of()),
        event(ACME, "b", T0 + 1, Severity.ERROR, "svc", "h", "logged user ann out", Map.of())));
    assertEquals(List.of("a"), ids(s.search(ACME, phrase("Logged out"))));
    assertEquals(List.of("b", "a"), ids(s.search(ACME, phrase("user ann"))));
  }

  @Test
  public void filtersNarrowTheWords() throws Exception {
    SearchIndex s = index();
    s.index(List.of(
        event(ACME, "a", T0, Severity.ERROR, "api", "h1", "timeout calling db", Map.of("region", "eu")),
        event(ACME, "b", T0 + SECOND, Severity.WARN, "api", "h2", "timeout calling db", Map.of("region", "us")),
        event(ACME, "c", T0 + 2 * SECOND, Severity.ERROR, "web", "h1", "timeout calling db", Map.of("code", 504L))));
    LogQuery base = words("timeout").filter();
    assertEquals(List.of("c", "a"), ids(s.search(ACME, SearchQuery.of(new LogQuery(base.fromNanos(), base.toNanos(),
        Set.of(Severity.ERROR), List.of(), List.of(), Map.of(), base.words(), Order.NEWEST, 10, null, Long.MAX_VALUE)))));
    assertEquals(List.of("b"), ids(s.search(ACME, SearchQuery.of(new LogQuery(base.fromNanos(), base.toNanos(),
        Set.of(), List.of("api"), List.of("h2"), Map.of(), base.words(), Order.NEWEST, 10, null, Long.MAX_VALUE)))));
    assertEquals(List.of("a"), ids(s.search(ACME, SearchQuery.of(new LogQuery(base.fromNanos(), base.toNanos(),
        Set.of(), List.of(), List.of(), Map.of("region", "eu"), base.words(), Order.NEWEST, 10, null,
        Long.MAX_VALUE)))));
    assertEquals(List.of("c"), ids(s.search(ACME, SearchQuery.of(new LogQuery(base.fromNanos(), base.toNanos(),
        Set.of(), List.of(), List.of(), Map.of("code", "504"), base.words(), Order.NEWEST, 10, null,
        Long.MAX_VALUE)))));
    assertEquals(List.of("b"), ids(s.search(ACME, SearchQuery.of(new LogQuery(T0 + SECOND, T0 + 2 * SECOND,
        Set.of(), List.of(), List.of(), Map.of(), base.words(), Order.NEWEST, 10, null, Long.MAX_VALUE)))));
  }

  @Test
  public void pagesFollowTheStoresOrderWithoutGapsOrRepeats() throws Exception {
    SearchIndex s = index();
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // Pairs share a time, so ties are broken by id.
      events.add(event(ACME, String.format("id-%02d", i), T0 + (i / 2) * SECOND, Severity.ERROR, "svc", "h",
          "event number " + i, Map.of()));
    }
    s.index(events);
    for (Order order : Order.values()) {
      List<String> seen = new ArrayList<>();
      Position after = null;
      while (true) {
        LogQuery q = new LogQuery(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), List.of(), List.of(), Map.of(),
            List.of("event"), order, 7, after, Long.MAX_VALUE);
        List<LogEvent> page = s.search(ACME, SearchQuery.of(q));
        assertTrue(page.size() <= 7);
        if (page.isEmpty()) {
          break;
        }
        seen.addAll(ids(page));
        LogEvent last = page.get(page.size() - 1);
        after = new Position(last.timeNanos(), last.id());
      }
      List<String> expected = new ArrayList<>(ids(events));
      if (order == Order.NEWEST) {
        java.util.Collections.reverse(expected);
      }
      assertEquals(expected, seen, order.name());
    }
  }

  @Test
  public void asOfHidesWhatWasIngestedLater() throws Exception {
    SearchIndex s = index();
    LogEvent early = event(ACME, "a", T0, Severity.ERROR, "svc", "h", "boom", Map.of());
    LogEvent late = event(ACME, "b", T0 + SECOND, Severity.ERROR, "svc", "h", "boom", Map.of());
    s.index(List.of(early, late));
    LogQuery q = words("boom").filter().withAsOf(early.ingestedNanos());
    assertEquals(List.of("a"), ids(s.search(ACME, SearchQuery.of(q))));
  }

  @Test
  public void deleteBeforeRemovesOnlyThatTenantsOlderDocuments() throws Exception {
    SearchIndex s = index();
    s.index(List.of(
        event(ACME, "old", T0, Severity.ERROR, "svc", "h", "boom", Map.of()),
        event(ACME, "new", T0 + 10 * SECOND, Severity.ERROR, "svc", "h", "boom", Map.of()),
        event(GLOBEX, "old", T0, Severity.ERROR, "svc", "h", "boom", Map.of())));
    assertEquals(1, s.deleteBefore(ACME, T0 + SECOND));
    assertEquals(0, s.deleteBefore(ACME, T0 + SECOND));
    assertEquals(List.of("new"), ids(s.search(ACME, words("boom"))));
    assertEquals(List.of("old"), ids(s.search(GLOBEX, words("boom"))));
  }
}
