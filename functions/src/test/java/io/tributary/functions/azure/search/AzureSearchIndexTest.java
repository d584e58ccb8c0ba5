package io.tributary.functions.azure.search;

import static io.tributary.testing.TestEvents.T0;
import static io.tributary.testing.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.search.IndexResult;
import io.tributary.search.SearchQuery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The AI Search adapter against the service simulated at the SDK's HTTP boundary: the requests it
 * writes (pinned by golden files; rewrite them after a deliberate change with
 * {@code -Dgolden.write=true} and review the diff), how it splits batches, and what it sends again
 * after a partial or failed answer.
 */
class AzureSearchIndexTest {

  private static final TenantId ACME = TenantId.of("acme");

  private final SimulatedSearchService service = new SimulatedSearchService();
  private final List<Duration> sleeps = new ArrayList<>();

  private AzureSearchIndex index(AzureSearchIndexOptions options) {
    return new AzureSearchIndex(
        AzureSearchClients.documents(SimulatedSearchService.ENDPOINT, "logs", SimulatedSearchService.CREDENTIAL,
            service), options, sleeps::add);
  }

  private AzureSearchIndex index() {
    return index(AzureSearchIndexOptions.defaults());
  }

  private static LogEvent full() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "ann");
    attrs.put("bytes", 1234L);
    attrs.put("ratio", 0.5);
    attrs.put("ok", true);
    return new LogEvent("01JDZ5XW3K9Q0000000000000A", ACME, EventKind.STRUCTURED, T0 + 123_456_789L,
        T0 + 2_000_000_000L, Severity.WARN, "warning", "billing", "web-1", "disk almost full on /var", attrs,
        "trace-1", "span-1", "p1", "disk almost full on <*>");
  }

  private static List<LogEvent> events(int n, int messageBytes) {
    List<LogEvent> out = new ArrayList<>();
    String filler = "x".repeat(messageBytes);
    for (int i = 0; i < n; i++) {
      out.add(event(ACME, String.format("id-%05d", i), T0 + i, Severity.ERROR, "svc", "h", "event " + i + " " + filler,
          Map.of()));
    }
    return out;
  }

  private static String key(String id) {
    return SearchDocuments.key(ACME, id);
  }

  @Test
  void theIndexDefinitionIsTheGoldenOne() throws IOException {
    AzureSearchIndex.createOrUpdate(AzureSearchClients.indexes(SimulatedSearchService.ENDPOINT,
        SimulatedSearchService.CREDENTIAL, service), "logs");
    assertEquals(1, service.requests.size());
    golden("golden/search-index-definition.json", service.requests.get(0));
  }

  @Test
  void anEventIsSentAsTheGoldenMergeOrUploadAction() throws IOException {
    IndexResult r = index().index(List.of(full()));
    assertEquals(new IndexResult(1, List.of()), r);
    golden("golden/search-index-documents.json", service.requests.get(0));
  }

  @Test
  void aSearchIsTheGoldenRequestAndItsHitsComeBackAsTheEvents() throws IOException {
    AzureSearchIndex index = index();
    LogEvent e = full();
    index.index(List.of(e));
    service.requests.clear();
    LogQuery q = new LogQuery(T0, T0 + 3_600_000_000_000L, Set.of(Severity.WARN, Severity.ERROR), List.of("billing"),
        List.of("web-1", "web-'2"), Map.of("user", "ann"), List.of("disk", "full"), Order.NEWEST, 50,
        new Position(T0 + 999_000_000_000L, "01JDZ5XW3K9Q0000000000000Z"), T0 + 3_000_000_000L);
    List<LogEvent> hits = index.search(ACME, new SearchQuery(q, List.of("on /var", "say \"hi\"")));
    assertEquals(List.of(e), hits);
    golden("golden/search-query.json", service.requests.get(0));
  }

  @Test
  void keysAreValidForTheServiceWhateverTheId() {
    for (String id : List.of("01JDZ5XW3K9Q0000000000000A", "client/id with spaces+ü", "a=b", "")) {
      String k = SearchDocuments.key(ACME, id);
      assertTrue(k.matches("[A-Za-z0-9_\\-=]+"), k);
    }
    assertTrue(!SearchDocuments.key(ACME, "ab").equals(SearchDocuments.key(TenantId.of("acm"), "eab")));
  }

  @Test
  void batchesHoldAtMostAThousandDocuments() throws IOException {
    IndexResult r = index().index(events(2_500, 10));
    assertEquals(2_500, r.indexed());
    assertEquals(List.of(1000, 1000, 500), service.indexingRequests().stream().map(x -> x.keys().size()).toList());
    assertEquals(2_500, service.documents.size());
  }

  @Test
  void batchesStayUnderTheByteLimit() throws IOException {
    long limit = 64 * 1024;
    AzureSearchIndex index = index(new AzureSearchIndexOptions(1000, limit, 3, Duration.ofMillis(1),
        Duration.ofMillis(10)));
    IndexResult r = index.index(events(40, 7_000));
    assertEquals(40, r.indexed());
    List<SimulatedSearchService.Recorded> sent = service.indexingRequests();
    assertTrue(sent.size() >= 5, sent.size() + " requests");
    for (SimulatedSearchService.Recorded x : sent) {
      assertTrue(x.bytes() <= limit, x.bytes() + " bytes in one request");
    }
    assertEquals(40, sent.stream().mapToInt(x -> x.keys().size()).sum());
  }

  @Test
  void aPartialAnswerSendsAgainOnlyTheDocumentsThatFailedAndReportsThoseRefused() throws IOException {
    List<LogEvent> events = events(10, 10);
    service.failKey(key("id-00003"), 503, 1);
    service.failKey(key("id-00007"), 409, 2);
    service.failKey(key("id-00005"), 400, 99);
    IndexResult r = index().index(events);
    assertEquals(9, r.indexed());
    assertEquals(1, r.rejected().size());
    assertEquals(new IndexResult.Rejected(ACME, "id-00005", 400, "simulated 400"), r.rejected().get(0));
    List<List<String>> sent = service.indexingRequests().stream().map(SimulatedSearchService.Recorded::keys).toList();
    assertEquals(3, sent.size());
    assertEquals(10, sent.get(0).size());
    assertEquals(List.of(key("id-00003"), key("id-00007")), sent.get(1));
    assertEquals(List.of(key("id-00007")), sent.get(2));
    assertEquals(2, sleeps.size());
    assertEquals(9, service.documents.size());
  }

  @Test
  void aThrottledOrUnavailableServiceIsAskedAgainWithBackoff() throws IOException {
    service.wholeRequestFailures.add(503);
    service.wholeRequestFailures.add(429);
    IndexResult r = index().index(events(5, 10));
    assertEquals(5, r.indexed());
    List<List<String>> sent = service.indexingRequests().stream().map(SimulatedSearchService.Recorded::keys).toList();
    assertEquals(3, sent.size());
    assertEquals(sent.get(0), sent.get(2));
    assertEquals(2, sleeps.size());
    assertTrue(sleeps.get(1).compareTo(sleeps.get(0)) >= 0 || sleeps.get(1).toMillis() >= 500, sleeps.toString());
  }

  @Test
  void documentsStillFailingAfterTheLastAttemptAreThrownSoTheTriggerDeliversAgain() {
    service.failKey(key("id-00001"), 503, 99);
    AzureSearchIndex index = index(new AzureSearchIndexOptions(1000, 1 << 20, 4, Duration.ofMillis(1),
        Duration.ofMillis(10)));
    IOException e = assertThrows(IOException.class, () -> index.index(events(3, 10)));
    assertTrue(e.getMessage().contains("1 documents still not indexed after 4 attempts"), e.getMessage());
    assertEquals(4, service.indexingRequests().size());
    assertEquals(3, sleeps.size());
  }

  @Test
  void aRequestRefusedAsAWholeIsABugAndNotRetried() {
    service.wholeRequestFailures.add(400);
    IOException e = assertThrows(IOException.class, () -> index().index(events(3, 10)));
    assertTrue(e.getMessage().contains("400"), e.getMessage());
    assertEquals(1, service.indexingRequests().size());
  }

  @Test
  void indexingTheSameEventsAgainWritesTheSameDocuments() throws IOException {
    AzureSearchIndex index = index();
    index.index(events(3, 10));
    Map<String, JsonNode> first = new LinkedHashMap<>(service.documents);
    index.index(events(3, 10));
    assertEquals(first, service.documents);
    for (SimulatedSearchService.Recorded x : service.indexingRequests()) {
      x.body().path("value").forEach(a -> assertEquals("mergeOrUpload", a.path("@search.action").asText()));
    }
  }

  @Test
  void deleteBeforeDeletesTheTenantsOlderDocumentsPageByPage() throws IOException {
    AzureSearchIndex index = index();
    List<LogEvent> events = events(3, 10);
    index.index(events);
    // The simulation does not evaluate filters: it answers the listing with the two older documents.
    service.searchAnswers.add(List.of(service.documents.get(key("id-00000")), service.documents.get(key("id-00001"))));
    service.requests.clear();
    assertEquals(2, index.deleteBefore(ACME, T0 + 2));
    JsonNode listing = service.requests.get(0).body();
    assertEquals("tenantId eq 'acme' and timeNanos lt " + (T0 + 2), listing.path("filter").asText());
    assertEquals(List.of(key("id-00000"), key("id-00001")), service.indexingRequests().get(0).keys());
    service.indexingRequests().get(0).body().path("value")
        .forEach(a -> assertEquals("delete", a.path("@search.action").asText()));
    assertEquals(Set.of(key("id-00002")), service.documents.keySet());
  }

  private static void golden(String name, SimulatedSearchService.Recorded request) throws IOException {
    ObjectNode actual = Json.mapper().createObjectNode();
    actual.put("method", request.method());
    actual.put("path", request.path());
    actual.set("body", request.body());
    if ("true".equals(System.getProperty("golden.write"))) {
      Files.write(Path.of("src/test/resources", name), Json.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(actual));
    }
    JsonNode expected;
    try (InputStream in = AzureSearchIndexTest.class.getClassLoader().getResourceAsStream(name)) {
      assertTrue(in != null, name + " is missing; write it with -Dgolden.write=true");
      expected = Json.mapper().readTree(in);
    }
    assertEquals(expected, actual, name + " differs from the request sent; after a deliberate change rewrite it"
        + " with -Dgolden.write=true and review the diff");
  }
}
