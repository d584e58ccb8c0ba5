package io.tributary.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Elasticsearch Java client (9.x, which sends
 * {@code application/vnd.elasticsearch+x-ndjson; compatible-with=9} and checks
 * {@code X-Elastic-Product}) sends a bulk request of ECS documents to the local runtime with an
 * {@code ApiKey} credential; every document is read back by query. A bulk request with bad items
 * gets bulk's own per-item answer and keeps the rest; a broken one gets Elasticsearch's error
 * document, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElasticBulkOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;
  private Rest5Client rest;
  private ElasticsearchClient es;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
    URI base = fx.uri("compat/elasticsearch");
    rest = Rest5Client.builder(new URI(base.getScheme() + "://" + base.getAuthority()))
        .setPathPrefix(base.getPath())
        .setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + fx.token)})
        .build();
    es = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
  }

  @AfterAll
  void stop() throws Exception {
    rest.close();
    fx.close();
  }

  /** An ECS document of line {@code i}, nested as Filebeat writes it. */
  private static Map<String, Object> doc(String system, String service, int i, Instant base) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("@timestamp", base.plusMillis(i).toString());
    d.put("message", Loghub.lines(system).get(i));
    d.put("log", Map.of("level", i % 5 == 0 ? "warn" : "info"));
    d.put("service", Map.of("name", service));
    d.put("host", Map.of("name", "worker-" + (i % 3)));
    d.put("labels", Map.of("line", i));
    return d;
  }

  @Test
  void theOfficialClientsBulkRequestIsReadBackByQuery() throws Exception {
    Instant base = Instant.now().minusSeconds(1200);
    List<String> lines = Loghub.lines("BGL").subList(0, 200);
    BulkRequest.Builder req = new BulkRequest.Builder();
    for (int i = 0; i < lines.size(); i++) {
      Map<String, Object> d = doc("BGL", "bgl-es", i, base);
      if (i % 2 == 0) {
        req.operations(op -> op.index(x -> x.index("logs-bgl").document(d)));
      } else {
        req.operations(op -> op.create(x -> x.index("logs-bgl").id("bgl-" + d.get("@timestamp")).document(d)));
      }
    }
    BulkResponse r = es.bulk(req.build());
    assertFalse(r.errors(), () -> r.items().stream().map(BulkResponseItem::error).toList().toString());
    assertEquals(lines.size(), r.items().size());
    for (BulkResponseItem item : r.items()) {
      assertEquals(201, item.status());
      assertEquals("logs-bgl", item.index());
      assertNull(item.error());
    }
    fx.awaitProcessed();
    List<JsonNode> events = fx.queryAll(Map.of("services", List.of("bgl-es")));
    assertEquals(lines.size(), events.size());
    events = events.stream().sorted(Comparator.comparingLong(e -> e.path("attributes").path("line").asLong())).toList();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(lines.get(i), e.path("message").asText());
      assertEquals("worker-" + (i % 3), e.path("host").asText());
      assertEquals(i % 5 == 0 ? "WARN" : "INFO", e.path("severity").asText());
      assertEquals(base.plusMillis(i), Instant.parse(e.path("timestamp").asText()));
    }
  }

  @Test
  void aBulkRetriedWithTheSameIdsIsStoredOnce() throws Exception {
    Instant base = Instant.now().minusSeconds(1500);
    List<String> lines = Loghub.lines("Android").subList(0, 120);
    BulkRequest.Builder req = new BulkRequest.Builder();
    for (int i = 0; i < lines.size(); i++) {
      Map<String, Object> d = doc("Android", "android-es", i, base);
      String id = "android-" + i;
      req.operations(op -> op.index(x -> x.index("logs-android").id(id).document(d)));
    }
    BulkRequest request = req.build();
    // The client sent it, the answer was lost, the shipper sends the same request again.
    for (int attempt = 0; attempt < 2; attempt++) {
      BulkResponse r = es.bulk(request);
      assertFalse(r.errors(), () -> r.items().stream().map(BulkResponseItem::error).toList().toString());
      assertEquals("android-7", r.items().get(7).id());
    }
    fx.awaitProcessed();
    List<JsonNode> events = fx.queryAll(Map.of("services", List.of("android-es")));
    assertEquals(lines.size(), events.size(), "each document once, not twice");
    assertEquals(java.util.stream.IntStream.range(0, lines.size()).mapToObj(i -> "android-" + i).sorted().toList(),
        events.stream().map(e -> e.path("id").asText()).sorted().toList(), "_id is the event's id");
  }

  private HttpResponse<String> bulk(String path, String contentType, String body) throws Exception {
    return fx.send(HttpRequest.newBuilder(fx.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "ApiKey " + fx.token).header("Content-Type", contentType));
  }

  @Test
  void badItemsGetBulksOwnPerItemAnswerAndTheRestIsKept() throws Exception {
    Instant base = Instant.now().minusSeconds(300);
    String good = new String(Json.bytes(doc("Zookeeper", "zk-es", 0, base)), StandardCharsets.UTF_8);
    String good2 = new String(Json.bytes(doc("Zookeeper", "zk-es", 1, base)), StandardCharsets.UTF_8);
    String body = "{\"index\":{}}\n" + good + "\n"
        + "{\"index\":{}}\n"                                   // no document: the next line is an action
        + "{\"delete\":{\"_id\":\"x\"}}\n"
        + "{\"create\":{\"_index\":\"zk\"}}\n" + good2 + "\n"
        + "{\"index\":{}}\n";                                  // no document: the body ends
    HttpResponse<String> r = bulk("compat/elasticsearch/logs-zk/_bulk",
        "application/vnd.elasticsearch+x-ndjson; compatible-with=8", body);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("Elasticsearch", r.headers().firstValue("X-Elastic-Product").orElse(null));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("compatible-with=8"));
    JsonNode answer = Json.mapper().readTree(r.body());
    assertTrue(answer.path("errors").asBoolean());
    JsonNode items = answer.path("items");
    assertEquals(5, items.size(), r.body());
    assertEquals(201, items.get(0).path("index").path("status").asInt());
    assertEquals("logs-zk", items.get(0).path("index").path("_index").asText());
    assertEquals(400, items.get(1).path("index").path("status").asInt());
    assertTrue(items.get(1).path("index").path("error").path("reason").asText().startsWith("missing_document"));
    assertTrue(items.get(2).path("delete").path("error").path("reason").asText().startsWith("unsupported_action"));
    assertEquals(201, items.get(3).path("create").path("status").asInt());
    assertEquals("zk", items.get(3).path("create").path("_index").asText());
    assertTrue(items.get(4).path("index").path("error").path("reason").asText().startsWith("missing_document"));
    fx.awaitProcessed();
    assertEquals(2, fx.queryAll(Map.of("services", List.of("zk-es"))).size(), "the two documents are kept");
  }

  @Test
  void aBrokenBulkBodyGetsElasticsearchsErrorDocumentNeverA500() throws Exception {
    HttpResponse<String> r = bulk("compat/elasticsearch/_bulk", "application/x-ndjson",
        "{\"message\":\"a document where an action goes\"}\n");
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("Elasticsearch", r.headers().firstValue("X-Elastic-Product").orElse(null));
    JsonNode e = Json.mapper().readTree(r.body());
    assertEquals(400, e.path("status").asInt());
    assertTrue(e.path("error").path("reason").asText().startsWith("malformed_bulk"), r.body());
    assertNotNull(e.path("error").path("type").textValue());
    HttpResponse<String> allBad = bulk("compat/elasticsearch/_bulk", "application/x-ndjson",
        "{\"delete\":{\"_id\":\"a\"}}\n{\"index\":{}}\n");
    assertEquals(200, allBad.statusCode(), "every item rejected is still bulk's 200: " + allBad.body());
    assertTrue(Json.mapper().readTree(allBad.body()).path("errors").asBoolean());
  }

  @Test
  void theInfoDocumentNamesTheProduct() throws Exception {
    HttpResponse<String> r = fx.send(HttpRequest.newBuilder(fx.uri("compat/elasticsearch/")).GET()
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("elastic:" + fx.token)
            .getBytes(StandardCharsets.UTF_8))));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("Elasticsearch", r.headers().firstValue("X-Elastic-Product").orElse(null));
    JsonNode info = Json.mapper().readTree(r.body());
    assertEquals("You Know, for Search", info.path("tagline").asText());
    assertTrue(info.path("version").path("number").asText().startsWith("8."));
    assertTrue(es.info().version().number().startsWith("8."), "the official client reads it");
  }
}
