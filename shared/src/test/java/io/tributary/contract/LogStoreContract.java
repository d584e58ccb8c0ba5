package io.tributary.contract;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.query.QueryExpr;
import io.tributary.query.QueryParser;
import io.tributary.query.QueryDeadline;
import io.tributary.query.QueryTimeoutException;
import io.tributary.query.Words;
import io.tributary.store.LogStore;
import io.tributary.testing.QueryTrees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link LogStore} must do. An adapter's test extends this with a fresh, empty store. */
public abstract class LogStoreContract {

  protected static final TenantId ACME = TenantId.of("acme");
  protected static final TenantId GLOBEX = TenantId.of("globex");
  private static final long SECOND = Timestamps.NANOS_PER_SECOND;

  protected abstract LogStore store() throws Exception;

  /**
   * Runs what the store does in the background on its own schedule (compaction), now; stores
   * without background work do nothing.
   */
  protected void settle(LogStore store) throws Exception {
  }

  /** True for a store that answers column-only aggregations from columns ({@link LogStore#scanColumns}). */
  protected boolean scansColumns() {
    return false;
  }

  private static LogQuery query() {
    return LogQuery.all(1000);
  }

  private static LogQuery with(LogQuery q, long from, long to) {
    return new LogQuery(from, to, q.severities(), q.services(), q.hosts(), q.attributes(), q.words(), q.order(),
        q.limit(), q.after(), q.asOfNanos());
  }

  @Test
  public void anUpsertedEventComesBackWithAllItsFields() throws Exception {
    LogStore s = store();
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "ann");
    attrs.put("bytes", 1234L);
    attrs.put("ratio", 0.5);
    attrs.put("ok", true);
    LogEvent e = new LogEvent("01JDZ5XW3K9Q0000000000000A", ACME, io.tributary.event.EventKind.STRUCTURED,
        T0 + 123_456_789L, T0 + 2 * SECOND, Severity.WARN, "warning", "billing", "web-1", "disk almost full",
        attrs, "trace-1", "span-1", "p1", "disk almost <*>");
    s.upsert(List.of(e));
    List<LogEvent> got = s.query(ACME, query());
    assertEquals(List.of(e), got);
  }

  @Test
  public void upsertingTheSameIdAgainKeepsOneEvent() throws Exception {
    LogStore s = store();
    LogEvent e = event(ACME, "same-id", T0, Severity.INFO, "svc", "h", "first", Map.of());
    s.upsert(List.of(e));
    s.upsert(List.of(e));
    s.upsert(List.of(event(ACME, "same-id", T0, Severity.INFO, "svc", "h", "first", Map.of())));
    assertEquals(1, s.query(ACME, query()).size());
  }

  @Test
  public void theFirstWriteOfAnEventWinsOverALaterCopyWithOtherContent() throws Exception {
    LogStore s = store();
    LogEvent first = event(ACME, "same-id", T0, Severity.INFO, "svc", "h", "first", Map.of("n", 1L));
    LogEvent tampered = new LogEvent("same-id", ACME, first.kind(), T0, first.ingestedNanos() + 60 * SECOND,
        Severity.ERROR, "error", "svc", "h", "tampered", Map.of("n", 2L), null, null, null, null);
    s.upsert(List.of(first));
    s.upsert(List.of(event(ACME, "other", T0 + SECOND, Severity.INFO, "svc", "h", "between", Map.of())));
    s.upsert(List.of(tampered));
    assertEquals(List.of("between", "first"), messages(s.query(ACME, query())));
    settle(s);
    assertEquals(List.of("between", "first"), messages(s.query(ACME, query())), "after the store settles");
    // Processing order is not ingest order: a copy ingested earlier, stored last, is the first write.
    LogEvent earliest = new LogEvent("same-id", ACME, first.kind(), T0, first.ingestedNanos() - SECOND,
        Severity.WARN, null, "svc", "h", "earliest", Map.of(), null, null, null, null);
    s.upsert(List.of(earliest));
    settle(s);
    assertEquals(List.of("between", "earliest"), messages(s.query(ACME, query())));
  }

  private static List<String> messages(List<LogEvent> events) {
    return events.stream().map(LogEvent::message).toList();
  }

  @Test
  public void aRepeatInOneBatchIsStoredOnce() throws Exception {
    LogStore s = store();
    s.upsert(List.of(event(ACME, "same-id", T0, Severity.INFO, "svc", "h", "retried", Map.of()),
        event(ACME, "other", T0, Severity.INFO, "svc", "h", "between", Map.of()),
        event(ACME, "same-id", T0, Severity.INFO, "svc", "h", "retried", Map.of())));
    List<LogEvent> got = s.query(ACME, query());
    assertEquals(2, got.size());
    assertEquals(Set.of("retried", "between"), Set.of(got.get(0).message(), got.get(1).message()));
  }

  @Test
  public void rowsEncodedByTheCallerStoreTheSameEvents() throws Exception {
    LogStore s = store();
    List<LogEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(event(i % 2 == 0 ? ACME : GLOBEX, "id-" + i, T0 + (49 - i) * SECOND, Severity.values()[i % 5],
          "svc-" + i % 3, "h", "line " + i + " of the batch", Map.of("n", (long) i)));
    }
    io.tributary.frame.EncodedRows rows = new io.tributary.frame.EncodedRows(64);
    events.forEach(rows::add);
    s.upsert(events, rows);
    List<LogEvent> acme = events.stream().filter(e -> e.tenant().equals(ACME))
        .sorted(java.util.Comparator.comparingLong(LogEvent::timeNanos).reversed()).toList();
    assertEquals(acme, s.query(ACME, query()));
    assertEquals(25, s.query(GLOBEX, query()).size());
  }

  @Test
  public void queriesSeeOnlyTheirTenant() throws Exception {
    LogStore s = store();
    s.upsert(List.of(event(ACME, T0, "for acme"), event(GLOBEX, T0, "for globex")));
    List<LogEvent> acme = s.query(ACME, query());
    assertEquals(1, acme.size());
    assertEquals("for acme", acme.get(0).message());
    assertEquals(ACME, acme.get(0).tenant());
  }

  @Test
  public void filtersByTimeRangeSeverityServiceHostAttributeAndWords() throws Exception {
    LogStore s = store();
    List<LogEvent> all = new ArrayList<>();
    String[] services = {"api", "db", "web"};
    for (int i = 0; i < 60; i++) {
      Severity sev = Severity.values()[i % 6];
      all.add(event(ACME, "e" + i, T0 + i * SECOND, sev, services[i % 3], "host-" + (i % 4),
          (i % 5 == 0 ? "Connection refused to " : "request served in ") + i + " ms",
          Map.of("shard", (long) (i % 2), "zone", i < 30 ? "a" : "b")));
    }
    s.upsert(all);
    assertEquals(10, s.query(ACME, with(query(), T0 + 10 * SECOND, T0 + 20 * SECOND)).size(), "[from, to)");
    LogQuery q = query();
    assertEquals(count(all, e -> e.severity() == Severity.ERROR || e.severity() == Severity.FATAL),
        s.query(ACME, new LogQuery(q.fromNanos(), q.toNanos(), Set.of(Severity.ERROR, Severity.FATAL), List.of(),
            List.of(), Map.of(), List.of(), Order.NEWEST, 1000, null, Long.MAX_VALUE)).size());
    assertEquals(count(all, e -> e.service().equals("db") || e.service().equals("web")),
        s.query(ACME, new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of("db", "web"), List.of(), Map.of(),
            List.of(), Order.NEWEST, 1000, null, Long.MAX_VALUE)).size());
    assertEquals(count(all, e -> e.host().equals("host-3")),
        s.query(ACME, new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of(), List.of("host-3"), Map.of(),
            List.of(), Order.NEWEST, 1000, null, Long.MAX_VALUE)).size());
    assertEquals(count(all, e -> e.attributes().get("shard").equals(1L) && e.attributes().get("zone").equals("b")),
        s.query(ACME, new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of(), List.of(),
            Map.of("shard", "1", "zone", "b"), List.of(), Order.NEWEST, 1000, null, Long.MAX_VALUE)).size());
    List<String> words = Words.of("connection REFUSED");
    assertEquals(count(all, e -> Words.of(e.message()).containsAll(words)),
        s.query(ACME, new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of(), List.of(), Map.of(), words,
            Order.NEWEST, 1000, null, Long.MAX_VALUE)).size());
  }

  @Test
  public void anAttributeValueMatchesItsTextWhateverTheType() throws Exception {
    LogStore s = store();
    s.upsert(List.of(
        event(ACME, "text", T0, Severity.INFO, "s", "h", "moved", Map.of("city", "Zürich", "n", "7")),
        event(ACME, "number", T0 + SECOND, Severity.INFO, "s", "h", "moved", Map.of("n", 7L, "x", 1.5, "ok", true)),
        event(ACME, "in-message", T0 + 2 * SECOND, Severity.INFO, "s", "h", "city Zürich n 7 x 1.5 ok true", Map.of()),
        event(ACME, "other-key", T0 + 3 * SECOND, Severity.INFO, "s", "h", "moved", Map.of("town", "Zürich"))));
    settle(s);
    assertEquals(List.of("text"), byAttributes(s, Map.of("city", "Zürich")));
    assertEquals(List.of("text", "number"), byAttributes(s, Map.of("n", "7")));
    assertEquals(List.of("number"), byAttributes(s, Map.of("x", "1.5")));
    assertEquals(List.of("number"), byAttributes(s, Map.of("ok", "true")));
    assertEquals(List.of(), byAttributes(s, Map.of("city", "zürich")));
    assertEquals(List.of("other-key"), ids(s.query(ACME, query().withExpr(QueryParser.parse("town:Zürich")))));
  }

  private List<String> byAttributes(LogStore s, Map<String, String> attributes) throws Exception {
    LogQuery q = query();
    return ids(s.query(ACME, new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of(), List.of(), attributes,
        List.of(), Order.OLDEST, 1000, null, Long.MAX_VALUE)));
  }

  /** Queries in the language of q that every store must answer alike: one of each operator, and mixes. */
  private static final List<String> LANGUAGE = List.of(
      "connection refused", "\"connection refused\"", "\"refused connection\"", "conn*", "r*", "serv* OR disk",
      "NOT served", "-served severity:>=warn", "service:db", "host:h1 OR host:h-3", "status:500", "status:>=404",
      "status:[200 TO 404}", "latency:<1.5", "latency:{0.5 TO 3]", "code:>=10", "http.method:POST", "zone:b",
      "severity:[info TO error]", "severity:fatal", "severity:<debug", "(refused OR full) -zone:a", "traceId:t-1",
      "pattern:p1", "ok:true", "error AND NOT (user OR alice)", "\"alice\" OR \"bob\"", "réseau", "RÉS*",
      "blk 42", "NOT status:[* TO 1000]", "-(service:api OR service:web) disk");

  @Test
  public void theQueryLanguageGivesTheSameAnswersInEveryStore() throws Exception {
    LogStore s = store();
    java.util.Random r = new java.util.Random(12);
    List<LogEvent> all = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      all.add(QueryTrees.event(r, i % 5 == 0 ? GLOBEX : ACME, String.format("q-%04d", i), T0 + i * 7 * SECOND));
    }
    for (int b = 0; b < 4; b++) {
      s.upsert(all.subList(b * 60, (b + 1) * 60));
    }
    settle(s);
    List<QueryExpr> trees = new ArrayList<>();
    for (String q : LANGUAGE) {
      trees.add(QueryParser.parse(q));
    }
    for (int i = 0; i < 40; i++) {
      trees.add(QueryTrees.tree(r, 3));
    }
    int nonEmpty = 0;
    for (QueryExpr tree : trees) {
      List<String> expected = all.stream().filter(e -> e.tenant().equals(ACME) && QueryTrees.matches(tree, e))
          .sorted(java.util.Comparator.comparingLong(LogEvent::timeNanos).reversed()).map(LogEvent::id).toList();
      assertEquals(expected, ids(s.query(ACME, query().withExpr(tree))), tree.print());
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertTrue(nonEmpty > trees.size() / 2, "most queries find something: " + nonEmpty);
    // JSON filters AND q, and pages of q neither skip nor repeat.
    QueryExpr tree = QueryParser.parse("NOT served OR status:>=404");
    for (Order order : Order.values()) {
      LogQuery q = new LogQuery(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), List.of("api", "db"), List.of(), Map.of(),
          List.of(), order, 7, null, Long.MAX_VALUE, tree);
      List<String> expected = all.stream().filter(e -> e.tenant().equals(ACME) && QueryTrees.matches(tree, e)
          && !e.service().equals("web")).sorted(order == Order.OLDEST
              ? java.util.Comparator.comparingLong(LogEvent::timeNanos)
              : java.util.Comparator.comparingLong(LogEvent::timeNanos).reversed())
          .map(LogEvent::id).toList();
      List<String> paged = new ArrayList<>();
      Position after = null;
      while (true) {
        List<LogEvent> page = s.query(ACME, q.withPage(7, after));
        if (page.isEmpty()) {
          break;
        }
        paged.addAll(ids(page));
        LogEvent last = page.get(page.size() - 1);
        after = new Position(last.timeNanos(), last.id());
      }
      assertTrue(expected.size() > 7, "more than a page");
      assertEquals(expected, paged, order.toString());
    }
  }

  private static int count(List<LogEvent> events, java.util.function.Predicate<LogEvent> p) {
    int n = (int) events.stream().filter(p).count();
    assertTrue(n > 0, "the filter must select something to be a real test");
    return n;
  }

  @Test
  public void ordersByTimeThenIdBothWays() throws Exception {
    LogStore s = store();
    s.upsert(List.of(
        event(ACME, "b", T0, Severity.INFO, "s", "h", "m", Map.of()),
        event(ACME, "a", T0, Severity.INFO, "s", "h", "m", Map.of()),
        event(ACME, "c", T0 + SECOND, Severity.INFO, "s", "h", "m", Map.of()),
        event(ACME, "z", T0 - SECOND, Severity.INFO, "s", "h", "m", Map.of())));
    assertEquals(List.of("c", "b", "a", "z"), ids(s.query(ACME, query())));
    LogQuery q = query();
    LogQuery oldest = new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of(), List.of(), Map.of(), List.of(),
        Order.OLDEST, 1000, null, Long.MAX_VALUE);
    assertEquals(List.of("z", "a", "b", "c"), ids(s.query(ACME, oldest)));
  }

  @Test
  public void pagesAfterAPositionNeitherSkipNorRepeatAcrossDays() throws Exception {
    LogStore s = store();
    List<LogEvent> all = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      // Spread over three days, with pairs sharing a timestamp.
      all.add(event(ACME, String.format("id-%04d", i), T0 + (i / 2) * 1_000 * SECOND, Severity.INFO, "s", "h",
          "line " + i, Map.of()));
    }
    s.upsert(all);
    for (Order order : Order.values()) {
      Set<String> seen = new HashSet<>();
      List<String> sequence = new ArrayList<>();
      Position after = null;
      while (true) {
        LogQuery q = LogQuery.all(37);
        q = new LogQuery(q.fromNanos(), q.toNanos(), Set.of(), List.of(), List.of(), Map.of(), List.of(), order, 37,
            after, Long.MAX_VALUE);
        List<LogEvent> page = s.query(ACME, q);
        if (page.isEmpty()) {
          break;
        }
        for (LogEvent e : page) {
          assertTrue(seen.add(e.id()), "no repeats: " + e.id());
          sequence.add(e.id());
        }
        LogEvent last = page.get(page.size() - 1);
        after = new Position(last.timeNanos(), last.id());
      }
      assertEquals(250, seen.size(), "no gaps");
      List<String> sorted = new ArrayList<>(sequence);
      sorted.sort(order == Order.OLDEST ? null : java.util.Comparator.reverseOrder());
      assertEquals(sorted, sequence, "pages come in sort order");
    }
  }

  @Test
  public void asOfLeavesOutEventsIngestedLater() throws Exception {
    LogStore s = store();
    LogEvent early = event(ACME, "early", T0, Severity.INFO, "s", "h", "m", Map.of());
    LogEvent late = new LogEvent("late", ACME, early.kind(), T0 - SECOND, T0 + 100 * SECOND, Severity.INFO, null,
        "s", "h", "m", Map.of(), null, null, null, null);
    s.upsert(List.of(early, late));
    LogQuery q = LogQuery.all(10).withAsOf(T0 + 50 * SECOND);
    assertEquals(List.of("early"), ids(s.query(ACME, q)));
  }

  private static List<String> ids(List<LogEvent> events) {
    return events.stream().map(LogEvent::id).toList();
  }
  @Test
  public void aQueryPastItsDeadlineStopsWithQueryTimeoutInsteadOfAPage() throws Exception {
    LogStore s = store();
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(event(ACME, T0 + i * SECOND, "timeout probe " + i));
    }
    s.upsert(events);
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    QueryDeadline passed = QueryDeadline.after(java.time.Duration.ofSeconds(1), now::get);
    now.set(java.time.Duration.ofSeconds(2).toNanos());
    org.junit.jupiter.api.Assertions.assertThrows(QueryTimeoutException.class,
        () -> s.query(ACME, LogQuery.all(10), passed));
    QueryDeadline ample = QueryDeadline.after(java.time.Duration.ofHours(1), System::nanoTime);
    assertEquals(s.query(ACME, LogQuery.all(10)), s.query(ACME, LogQuery.all(10), ample));
  }
  /**
   * An aggregation over the store's {@link LogStore#scan} (more events than one page of the
   * default scan, over three days, with a repeat whose first write wins) equals a plain count over
   * the raw events, and the aggregator over the raw events.
   */
  @Test
  public void anAggregationOverTheScanEqualsAReferenceOverTheRawEvents() throws Exception {
    LogStore s = store();
    List<LogEvent> raw = new ArrayList<>();
    Severity[] sev = Severity.values();
    for (int i = 0; i < 2300; i++) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      attrs.put("latency", i % 7 == 0 ? (Object) ((i % 113) + 0.5) : (Object) (long) (i % 251));
      attrs.put("user", "u" + (i % 9));
      String pattern = "p" + (i % 4);
      raw.add(new LogEvent(String.format("agg-%05d", i), ACME, io.tributary.event.EventKind.STRUCTURED,
          T0 + i * 113L * SECOND, T0 + i * 113L * SECOND + 1000, sev[i % sev.length], null, "svc" + (i % 5),
          "host" + (i % 3), (i % 2 == 0 ? "disk " : "net ") + "event " + i, attrs, null, null, pattern,
          "template of " + pattern));
    }
    List<LogEvent> firstBatch = raw.subList(0, 1200);
    s.upsert(firstBatch);
    LogEvent original = raw.get(10);
    s.upsert(List.of(new LogEvent(original.id(), ACME, original.kind(), original.timeNanos(),
        original.ingestedNanos() + 5, Severity.FATAL, null, "svc-late", "h", "disk a later copy", Map.of(), null, null,
        null, null)));
    s.upsert(raw.subList(1200, raw.size()));
    s.upsert(List.of(event(GLOBEX, "agg-globex", T0 + 5 * SECOND, Severity.ERROR, "svc0", "host0", "disk globex",
        Map.of("latency", 99_999L))));

    long from = T0;
    long to = T0 + 3 * 86_400L * SECOND;
    String json = "{\"from\":" + from / 1_000_000L + ",\"to\":" + to / 1_000_000L + ",\"q\":\"disk OR severity:>=error\","
        + "\"groupBy\":[\"service\",\"severity\"],\"top\":7,\"histogram\":{\"interval\":\"1h\",\"by\":\"host\","
        + "\"series\":2},\"metrics\":[\"latency\"]}";
    io.tributary.query.aggregate.AggregateRequest request = io.tributary.query.aggregate.AggregateRequest.read(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    io.tributary.query.aggregate.Aggregator overStore = new io.tributary.query.aggregate.Aggregator(request, from, to);
    List<String> scanned = new ArrayList<>();
    s.scan(ACME, request.query().query(), QueryDeadline.none(), e -> {
      scanned.add(e.id());
      overStore.accept(e);
    });
    io.tributary.query.LogFilter filter = io.tributary.query.LogFilter.of(request.query().query());
    List<LogEvent> matching = raw.stream().filter(filter::matches).toList();
    assertEquals(matching.size(), new HashSet<>(scanned).size(), "each match once");
    assertEquals(matching.size(), scanned.size(), "each match once");
    io.tributary.query.aggregate.AggregateResult got = overStore.result();
    assertEquals(matching.size(), got.total());
    Map<List<String>, Long> groups = new java.util.HashMap<>();
    Map<Long, Long> hours = new java.util.HashMap<>();
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (LogEvent e : matching) {
      groups.merge(List.of(e.service(), e.severity().name()), 1L, Long::sum);
      hours.merge(Math.floorDiv(e.timeNanos(), 3600 * SECOND) * 3600 * SECOND, 1L, Long::sum);
      double v = ((Number) e.attributes().get("latency")).doubleValue();
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    List<Long> largest = groups.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(7).toList();
    assertEquals(largest, got.groups().stream().map(io.tributary.query.aggregate.AggregateResult.Group::count).toList());
    got.groups().forEach(g -> assertEquals(groups.get(g.key()), g.count(), g.key().toString()));
    assertEquals(matching.size() - largest.stream().mapToLong(Long::longValue).sum(), got.other());
    assertEquals(72, got.histogram().buckets().size());
    got.histogram().buckets().forEach(b -> assertEquals(hours.getOrDefault(b.startNanos(), 0L), b.count()));
    assertEquals(matching.size(), got.metrics().get("latency").count());
    assertEquals(min, got.metrics().get("latency").min());
    assertEquals(max, got.metrics().get("latency").max());
    io.tributary.query.aggregate.Aggregator overRaw = new io.tributary.query.aggregate.Aggregator(request, from, to);
    matching.forEach(overRaw);
    assertEquals(overRaw.result(), got, "the same answer as over the raw events");
  }

  /**
   * Counts by time, severity, service and host from {@link LogStore#scanColumns} equal those over
   * {@link LogStore#scan}, on events that share times across batches, with redelivered batches and
   * copies of an id with other content ingested before and after the first (whichever copy wins
   * decides the groups), with the store settled half-way; for several filters and
   * a snapshot. A store that cannot answer from columns says so before handing anything out.
   */
  @Test
  public void aColumnScanCountsWhatAScanCounts() throws Exception {
    LogStore s = store();
    storeEventsThatShareTimesWithCopies(s);
    s.upsert(List.of(event(GLOBEX, "col-globex", T0 + 5 * SECOND, Severity.ERROR, "svc0", "host0", "globex", Map.of())));
    long from = T0;
    long to = T0 + 2 * 86_400L * SECOND;
    String range = "\"from\":" + from / 1_000_000L + ",\"to\":" + to / 1_000_000L;
    List<String> requests = List.of(
        "{" + range + ",\"groupBy\":[\"host\"],\"histogram\":{\"interval\":\"1h\",\"by\":\"severity\"}}",
        "{" + range + ",\"groupBy\":[\"service\",\"severity\",\"host\"],\"top\":100}",
        "{" + range + ",\"minSeverity\":\"WARN\",\"services\":[\"svc1\",\"svc2\"],\"groupBy\":[\"service\"]}",
        "{\"from\":" + (T0 + 5_000 * SECOND) / 1_000_000L + ",\"to\":" + (T0 + 20_000 * SECOND) / 1_000_000L
            + ",\"hosts\":[\"host2\"],\"histogram\":{\"interval\":\"10m\",\"by\":\"service\"}}");
    for (String json : requests) {
      io.tributary.query.aggregate.AggregateRequest request = io.tributary.query.aggregate.AggregateRequest.read(
          json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (long asOf : new long[] {Long.MAX_VALUE, T0 + 6 * 1000L}) {
        LogQuery q = request.query().query().withAsOf(asOf);
        LogQuery bounded = with(q, Math.max(q.fromNanos(), from), Math.min(q.toNanos(), to));
        io.tributary.query.aggregate.Aggregator overScan = new io.tributary.query.aggregate.Aggregator(request,
            bounded.fromNanos(), bounded.toNanos());
        s.scan(ACME, bounded, QueryDeadline.none(), overScan);
        io.tributary.query.aggregate.Aggregator overColumns = new io.tributary.query.aggregate.Aggregator(request,
            bounded.fromNanos(), bounded.toNanos());
        assertTrue(overColumns.needsOnlyColumns(), json);
        List<Integer> batchesSeen = new ArrayList<>();
        boolean answered = s.scanColumns(ACME, bounded, QueryDeadline.none(), b -> {
          batchesSeen.add(b.count());
          overColumns.acceptColumns(b);
        });
        assertEquals(scansColumns(), answered, "answers from columns");
        if (answered) {
          assertTrue(overScan.result().total() > 0, json);
          assertEquals(overScan.result(), overColumns.result(), json + " as of " + asOf);
        } else {
          assertEquals(List.of(), batchesSeen, "nothing handed out before saying no");
        }
      }
    }
    // Words are not columns: a column scan declines them.
    LogQuery words = with(new LogQuery(from, to, java.util.Set.of(), List.of(), List.of(), Map.of(), List.of("event"),
        io.tributary.query.Order.OLDEST, 1, null, Long.MAX_VALUE), from, to);
    assertFalse(s.scanColumns(ACME, words, QueryDeadline.none(), b -> fail("handed out rows for a word query")));
  }

  /**
   * Stores 12 batches of 150 events (with the store settled half-way) whose times come from 100
   * values, so rows of one time sit in several blocks; every third batch is delivered twice, and a
   * tenth of the events are copies of an earlier id at the same time with other content, ingested
   * just before or just after the first.
   */
  private void storeEventsThatShareTimesWithCopies(LogStore s) throws Exception {
    java.util.Random r = new java.util.Random(7);
    Severity[] sev = Severity.values();
    List<List<LogEvent>> batches = new ArrayList<>();
    List<LogEvent> all = new ArrayList<>();
    for (int b = 0; b < 12; b++) {
      List<LogEvent> batch = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        // Times from a small set, so rows of one time sit in several blocks.
        long t = T0 + (r.nextInt(100) * 251L) * SECOND;
        String id = "col-" + b + "-" + i;
        if (r.nextInt(10) == 0 && !all.isEmpty()) {
          // A client reusing an id at the same time, with other content, ingested earlier or later.
          LogEvent o = all.get(r.nextInt(all.size()));
          batch.add(new LogEvent(o.id(), ACME, o.kind(), o.timeNanos(), o.ingestedNanos() + (r.nextBoolean() ? -7 : 7),
              sev[r.nextInt(sev.length)], null, "svc" + r.nextInt(4), "host" + r.nextInt(3),
              r.nextBoolean() ? "copy" : "copy of event", Map.of(), null, null, null, null));
          continue;
        }
        LogEvent e = new LogEvent(id, ACME, io.tributary.event.EventKind.STRUCTURED, t, T0 + b * 1000L + i,
            sev[r.nextInt(sev.length)], null, "svc" + r.nextInt(4), "host" + r.nextInt(3),
            (r.nextInt(3) == 0 ? "rare " : "") + "event " + i, Map.of("k", (long) r.nextInt(5)), null, null, null, null);
        batch.add(e);
        all.add(e);
      }
      batches.add(batch);
    }
    for (int b = 0; b < batches.size(); b++) {
      s.upsert(batches.get(b));
      if (b % 3 == 1) {
        s.upsert(batches.get(b - 1)); // a redelivered batch
      }
      if (b == 6) {
        settle(s);
      }
    }
  }

  /**
   * {@link LogStore#scan} hands out exactly the events, and the copies, that paging through
   * {@link LogStore#query} oldest first finds, for queries on words, attributes, severity and time,
   * with a snapshot, on events that share times across blocks and have copies with other content.
   */
  @Test
  public void aScanHandsOutWhatPagingThroughQueriesFinds() throws Exception {
    LogStore s = store();
    storeEventsThatShareTimesWithCopies(s);
    List<String> qs = List.of("", "event", "rare", "copy OR rare", "k:3", "severity:>=warn -rare", "\"copy of\"");
    for (String text : qs) {
      for (long asOf : new long[] {Long.MAX_VALUE, T0 + 6 * 1000L}) {
        QueryExpr expr = text.isEmpty() ? QueryExpr.ALL : QueryParser.parse(text);
        LogQuery q = new LogQuery(T0 + 2_000 * SECOND, T0 + 20_000 * SECOND, Set.of(), List.of(), List.of(), Map.of(),
            List.of(), Order.OLDEST, 37, null, asOf, expr);
        List<LogEvent> paged = new ArrayList<>();
        LogQuery page = q;
        while (true) {
          List<LogEvent> got = s.query(ACME, page);
          paged.addAll(got);
          if (got.size() < page.limit()) {
            break;
          }
          LogEvent last = got.get(got.size() - 1);
          page = page.withPage(37, new Position(last.timeNanos(), last.id()));
        }
        List<LogEvent> scanned = new ArrayList<>();
        s.scan(ACME, q, QueryDeadline.none(), scanned::add);
        assertTrue(!paged.isEmpty() || text.startsWith("\""), text);
        assertEquals(new HashSet<>(paged), new HashSet<>(scanned), "q=" + text + " as of " + asOf);
        assertEquals(paged.size(), scanned.size(), "each once: q=" + text);
      }
    }
  }
}
