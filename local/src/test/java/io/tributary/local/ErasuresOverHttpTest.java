package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure over HTTP on the local runtime: {@code POST /api/erasures} (tenants.admin) → 202 +
 * {@code Location}; {@code GET} shows the export jobs' status shape and, once completed, the
 * receipt (who asked: the token's subject), also in {@code GET /api/audit}; afterwards a query, an
 * aggregation and the streaming export find none of the erased events and all the others; bad
 * input is a 400 with a reason code saying what to send.
 */
class ErasuresOverHttpTest {

  @TempDir
  Path dir;

  private static HttpResponse<String> call(RuntimeFixture fx, String method, String path, String bearer, String body)
      throws Exception {
    return fx.send(HttpRequest.newBuilder(fx.uri(path)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json"));
  }

  /** Every id the query finds, page by page, oldest first. */
  private static List<String> ids(RuntimeFixture fx, String bearer, String q) throws Exception {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String body = "{\"q\":" + Json.mapper().writeValueAsString(q) + ",\"limit\":1000,\"from\":\"2000-01-01T00:00:00Z\","
          + "\"order\":\"oldest\"" + (cursor == null ? "" : ",\"cursor\":" + Json.mapper().writeValueAsString(cursor))
          + "}";
      HttpResponse<String> r = call(fx, "POST", "logs/query", bearer, body);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode page = Json.mapper().readTree(r.body());
      page.path("events").forEach(e -> ids.add(e.path("id").asText()));
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    return ids;
  }

  @Test
  void anErasureRemovesItsMatchesFromQueriesAggregationsAndExportsAndLeavesAReceipt() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String writer = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      String admin = fx.token("acme", Role.TENANTS_ADMIN, Role.LOGS_READ);
      byte[] body = Files.readAllBytes(Loghub.dir().resolve("HDFS").resolve("HDFS_2k.log"));
      assertEquals(202, fx.ingestAs(writer, "text/plain", body, "service=hdfs").statusCode());
      fx.awaitProcessed();
      List<String> everything = ids(fx, writer, "");
      List<String> matching = ids(fx, writer, "PacketResponder");
      List<String> rest = ids(fx, writer, "-PacketResponder");
      assertEquals(2000, everything.size());
      assertTrue(matching.size() > 100, "PacketResponder lines: " + matching.size());
      assertEquals(2000, matching.size() + rest.size());

      HttpResponse<String> refused = call(fx, "POST", "erasures", writer, "{\"q\":\"PacketResponder\"}");
      assertEquals(403, refused.statusCode(), "logs roles cannot erase: " + refused.body());

      HttpResponse<String> started = call(fx, "POST", "erasures", admin, "{\"q\":\"PacketResponder\"}");
      assertEquals(202, started.statusCode(), started.body());
      String location = started.headers().firstValue("Location").orElseThrow();
      assertEquals("/api/erasures/" + Json.mapper().readTree(started.body()).path("id").asText(), location);
      JsonNode done;
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (true) {
        HttpResponse<String> r = call(fx, "GET", location.substring("/api/".length()), admin, null);
        assertEquals(200, r.statusCode(), r.body());
        done = Json.mapper().readTree(r.body());
        if (!done.path("state").asText().equals("running")) {
          break;
        }
        assertTrue(System.nanoTime() < deadline, "the erasure did not end: " + r.body());
        Thread.sleep(50);
      }
      assertEquals("completed", done.path("state").asText(), done.toString());
      JsonNode receipt = done.path("result");
      assertEquals(matching.size(), receipt.path("storeEvents").asInt(), receipt.toString());
      assertEquals(matching.size(), receipt.path("archiveEvents").asInt(), receipt.toString());
      assertEquals("PacketResponder", receipt.path("q").asText());
      assertTrue(receipt.path("requestedBy").asText().length() > 0, receipt.toString());

      assertEquals(List.of(), ids(fx, writer, "PacketResponder"));
      assertEquals(new java.util.TreeSet<>(rest), new java.util.TreeSet<>(ids(fx, writer, "")),
          "everything else, unchanged");
      HttpResponse<String> agg = call(fx, "POST", "logs/aggregate", writer, "{\"from\":\"2000-01-01T00:00:00Z\"}");
      assertEquals(rest.size(), Json.mapper().readTree(agg.body()).path("total").asInt(), agg.body());
      HttpResponse<String> export = fx.send(HttpRequest.newBuilder(fx.uri("logs/export?format=ndjson&q="
          + URLEncoder.encode("PacketResponder", StandardCharsets.UTF_8)))
          .header("Authorization", "Bearer " + writer).GET());
      assertEquals(200, export.statusCode());
      assertEquals("", export.body(), "the export finds none in the store or the archive");

      HttpResponse<String> audit = call(fx, "GET", "audit?from=2000-01-01", admin, null);
      assertEquals(200, audit.statusCode(), audit.body());
      assertTrue(audit.body().contains("ErasureCompleted") && audit.body().contains(receipt.path("id").asText()),
          audit.body());
    }
  }

  @Test
  void badInputIsA400SayingWhatToSend() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String admin = fx.token("acme", Role.TENANTS_ADMIN);
      for (Map.Entry<String, String> c : Map.of(
          "{}", "invalid_erasure",
          "{\"q\":\"  \"}", "invalid_erasure",
          "{\"q\":\"x\",\"format\":\"csv\"}", "unknown_field",
          "{\"q\":\"x\",\"from\":\"yesterday\"}", "invalid_field",
          "{\"q\":\"x\",\"from\":{\"a\":1}}", "invalid_field",
          "[1]", "malformed_json").entrySet()) {
        HttpResponse<String> r = call(fx, "POST", "erasures", admin, c.getKey());
        assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
        JsonNode p = Json.mapper().readTree(r.body());
        assertEquals(c.getValue(), p.path("code").asText(), c.getKey() + " -> " + r.body());
        assertTrue(p.path("detail").asText().length() > 10, r.body());
      }
      HttpResponse<String> none = call(fx, "GET", "erasures/01NOSUCH", admin, null);
      assertEquals(404, none.statusCode());
      assertEquals("erasure_not_found", Json.mapper().readTree(none.body()).path("code").asText());
    }
  }
}
