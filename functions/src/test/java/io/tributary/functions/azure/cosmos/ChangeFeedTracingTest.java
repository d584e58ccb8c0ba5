package io.tributary.functions.azure.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tributary.alert.AlertService;
import io.tributary.alert.AlertTransition;
import io.tributary.alert.Alerting;
import io.tributary.alert.delivery.TargetGuard;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.functions.AlertEvaluateFunction;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.IndexFunction;
import io.tributary.json.Json;
import io.tributary.search.InMemorySearchIndex;
import io.tributary.search.IndexFeed;
import io.tributary.search.IndexResult;
import io.tributary.search.IndexingPolicy;
import io.tributary.search.SearchIndex;
import io.tributary.search.SearchQuery;
import io.tributary.telemetry.Tracing;
import io.tributary.testing.InMemoryConfigStore;
import io.tributary.testing.Loghub;
import io.tributary.testing.MutableClock;
import io.tributary.testing.RecordedSpans;
import io.tributary.testing.TestEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change-feed functions' traces: processing's {@code store.upsert} span writes its context into
 * each Cosmos item it makes (one {@code tp} per item, none when untraced), and the Index and
 * AlertEvaluate invocations over those items are CONSUMER spans linked to it, with the delivery's
 * counts; the search upload is a CLIENT child of the Index span. Events are real OpenSSH lines.
 */
class ChangeFeedTracingTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final AttributeKey<Long> EVENTS = AttributeKey.longKey("tributary.events");
  private static final AttributeKey<Long> TENANTS = AttributeKey.longKey("tributary.tenants");
  private static final AttributeKey<Long> DOCUMENTS = AttributeKey.longKey("tributary.documents");
  private static final AttributeKey<Long> FAILURES = AttributeKey.longKey("tributary.failures");
  private static final AttributeKey<Long> ITEMS = AttributeKey.longKey("messaging.batch.message_count");

  private final RecordedSpans spans = new RecordedSpans();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final SimulatedCosmosContainer cosmos = new SimulatedCosmosContainer();
  private final CosmosLogStore store = new CosmosLogStore(cosmos.container, CosmosLogStoreOptions.defaults(),
      d -> { });

  @AfterEach
  void uninstall() {
    spans.close();
  }

  /** 200 OpenSSH lines, alternately of acme and globex, the authentication failures as ERROR. */
  private List<LogEvent> openSsh() {
    List<String> lines = Loghub.lines("OpenSSH").subList(0, 200);
    long now = Timestamps.ofInstant(clock.instant());
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Severity sev = line.contains("authentication failure") ? Severity.ERROR : Severity.INFO;
      out.add(TestEvents.event(i % 2 == 0 ? ACME : GLOBEX, "e-" + i, now - (lines.size() - i) * 1_000_000L, sev,
          "sshd", "LabSZ", line, Map.of()));
    }
    return out;
  }

  private static long errors(List<LogEvent> events) {
    return events.stream().filter(e -> e.severity() == Severity.ERROR).count();
  }

  /** Stores the events under processing's spans; returns the store write's traceparent. */
  private String storeTraced(List<LogEvent> events) throws IOException {
    try (Tracing.Scoped batch = Tracing.batch("process", List.of(), 1);
        Tracing.Scoped upsert = Tracing.child("store.upsert")) {
      store.upsert(events);
      return upsert.traceparent();
    }
  }

  /** What the change feed delivers: every item written so far. */
  private String delivery() {
    ArrayNode a = Json.mapper().createArrayNode();
    cosmos.items.values().forEach(a::add);
    return a.toString();
  }

  private static ExecutionContext context() {
    ExecutionContext c = mock(ExecutionContext.class);
    when(c.getLogger()).thenReturn(Logger.getLogger("ChangeFeedTracingTest"));
    return c;
  }

  private static FunctionApp app(IndexFeed feed, Alerting alerting) {
    return new FunctionApp(null, null, null, null, null, null, null, null, null, null, null, feed, null, alerting,
        List.of());
  }

  private SpanData only(String name) {
    List<SpanData> named = spans.finished.stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, named.size(), name + " spans: " + named);
    return named.get(0);
  }

  private static List<String> linked(SpanData s) {
    return s.getLinks().stream().map(LinkData::getSpanContext).map(Tracing::traceparent).toList();
  }

  @Test
  void eachItemCarriesTheTraceOfTheStoreWriteThatMadeItAndAnUntracedWriteAddsNothing() throws Exception {
    List<LogEvent> events = openSsh();
    store.upsert(events);
    for (ObjectNode item : cosmos.items.values()) {
      assertFalse(item.has(EventBlock.TRACEPARENT), "untraced: the item is as before");
    }
    spans.install();
    String write = storeTraced(events);
    assertEquals(2, cosmos.items.size(), "the same events again replace the same two items (one per tenant)");
    for (ObjectNode item : cosmos.items.values()) {
      assertEquals(write, item.path(EventBlock.TRACEPARENT).asText());
    }
    assertEquals(List.of(write), CosmosChangeFeed.traceparents(Json.mapper().readTree(delivery())),
        "one traceparent per item, not per event: both items name the same write");
  }

  @Test
  void theIndexInvocationIsAConsumerSpanLinkedToTheStoreWriteWithTheUploadAsItsClientChild() throws Exception {
    spans.install();
    List<LogEvent> events = openSsh();
    String write = storeTraced(events);
    InMemorySearchIndex index = new InMemorySearchIndex();
    IndexFeed feed = new IndexFeed(index, IndexingPolicy.DEFAULT, t -> null, clock);
    new IndexFunction(app(feed, null)).run(delivery(), context());

    SpanData invocation = only("index");
    assertEquals(SpanKind.CONSUMER, invocation.getKind());
    assertEquals(List.of(write), linked(invocation));
    assertEquals(2L, invocation.getAttributes().get(ITEMS));
    assertEquals(200L, invocation.getAttributes().get(EVENTS));
    assertEquals(2L, invocation.getAttributes().get(TENANTS));
    assertEquals(errors(events), invocation.getAttributes().get(DOCUMENTS), "WARN+ is indexed: the ERROR lines");
    assertEquals(0L, invocation.getAttributes().get(FAILURES));
    assertTrue(errors(events) > 0);

    SpanData upload = only("search.index");
    assertEquals(SpanKind.CLIENT, upload.getKind());
    assertEquals(invocation.getSpanId(), upload.getParentSpanId());
    assertEquals(invocation.getTraceId(), upload.getTraceId());
    assertEquals(errors(events), upload.getAttributes().get(DOCUMENTS));
    assertEquals(errors(events), index.search(ACME, SearchQuery.of(io.tributary.query.LogQuery.all(200))).size()
        + index.search(GLOBEX, SearchQuery.of(io.tributary.query.LogQuery.all(200))).size());
    assertEquals(new IndexFeed.Counts(errors(events), 0, 200 - errors(events)), feed.counts());
  }

  @Test
  void anIndexThatStaysUnavailableMarksBothSpansFailedAndTheDeliveryIsThrownForRetry() throws Exception {
    spans.install();
    storeTraced(openSsh());
    SearchIndex down = mock(SearchIndex.class);
    when(down.index(org.mockito.ArgumentMatchers.anyList())).thenThrow(new IOException("503 after retries"));
    IndexFunction f = new IndexFunction(app(new IndexFeed(down, IndexingPolicy.DEFAULT, t -> null, clock), null));
    assertThrows(IOException.class, () -> f.run(delivery(), context()));
    assertEquals(StatusCode.ERROR, only("index").getStatus().getStatusCode());
    assertEquals(StatusCode.ERROR, only("search.index").getStatus().getStatusCode());
  }

  @Test
  void documentsTheIndexRefusesAreCountedAsFailuresOnBothSpans() throws Exception {
    spans.install();
    List<LogEvent> events = openSsh();
    storeTraced(events);
    SearchIndex refusing = mock(SearchIndex.class);
    when(refusing.index(org.mockito.ArgumentMatchers.anyList())).thenAnswer(inv -> {
      List<LogEvent> docs = inv.getArgument(0);
      LogEvent first = docs.get(0);
      return new IndexResult(docs.size() - 1,
          List.of(new IndexResult.Rejected(first.tenant(), first.id(), 400, "field too long")));
    });
    new IndexFunction(app(new IndexFeed(refusing, IndexingPolicy.DEFAULT, t -> null, clock), null))
        .run(delivery(), context());
    assertEquals(1L, only("index").getAttributes().get(FAILURES));
    assertEquals(errors(events) - 1, only("index").getAttributes().get(DOCUMENTS));
    assertEquals(1L, only("search.index").getAttributes().get(FAILURES));
    assertEquals(StatusCode.ERROR, only("search.index").getStatus().getStatusCode());
  }

  @Test
  void theAlertEvaluationIsAConsumerSpanLinkedToTheStoreWriteAndTheRuleSeesTheEvents() throws Exception {
    InMemoryConfigStore config = new InMemoryConfigStore();
    List<AlertTransition> fired = new ArrayList<>();
    Alerting alerting = new Alerting(new AlertService(config, clock, t -> 100, new TargetGuard(true)), clock,
        (rule, t) -> fired.add(t), null).start(0);
    alerting.rules().create(ACME, Json.mapper().readTree("""
        {"name":"auth failures","query":{"q":"authentication failure"},
         "condition":{"type":"threshold","count":3,"window":"5m"}}"""), "ops");
    spans.install();
    String write = storeTraced(openSsh());
    new AlertEvaluateFunction(app(null, alerting)).run(delivery(), context());

    SpanData invocation = only("alert.evaluate");
    assertEquals(SpanKind.CONSUMER, invocation.getKind());
    assertEquals(List.of(write), linked(invocation));
    assertEquals(2L, invocation.getAttributes().get(ITEMS));
    assertEquals(200L, invocation.getAttributes().get(EVENTS));
    assertEquals(2L, invocation.getAttributes().get(TENANTS));
    assertEquals(0L, invocation.getAttributes().get(FAILURES));
    assertEquals(200, alerting.evaluator().evaluatedEvents());
    assertEquals(1, fired.size(), "acme's authentication failures fired its rule once");
    assertEquals("firing", fired.get(0).state().wire());
  }
}
