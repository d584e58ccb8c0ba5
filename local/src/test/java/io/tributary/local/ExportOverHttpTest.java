package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import io.tributary.testing.Rfc4180;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/logs/export} on the local host: real Loghub lines (quotes, commas) ingested,
 * processed, and exported chunked as an attachment — every stored event once, in time order, the
 * caller's tenant's only; bad parameters are a 400 saying what to send.
 */
class ExportOverHttpTest {

  @TempDir
  Path dir;

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> export(RuntimeFixture fx, String bearer, String query) throws Exception {
    return fx.send(HttpRequest.newBuilder(fx.uri("logs/export?" + query)).GET()
        .header("Authorization", "Bearer " + bearer));
  }

  private static void ingest(RuntimeFixture fx, String bearer, String system) throws Exception {
    byte[] body = Files.readAllBytes(Loghub.dir().resolve(system).resolve(system + "_2k.log"));
    HttpResponse<String> r = fx.ingestAs(bearer, "text/plain", body, "service=" + system.toLowerCase());
    assertEquals(202, r.statusCode(), r.body());
  }

  @Test
  void everyStoredEventOnceInTimeOrderAsACsvAttachmentAndTheOtherTenantsNever() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      String other = fx.token("other", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      ingest(fx, acme, "Android");
      ingest(fx, acme, "Zookeeper");
      ingest(fx, other, "OpenSSH");
      fx.awaitProcessed();
      List<JsonNode> stored = fx.queryAll(Map.of("order", "oldest"), acme);
      assertEquals(4000, stored.size());

      HttpResponse<String> r = export(fx, acme, "format=csv");
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
      String disposition = r.headers().firstValue("Content-Disposition").orElse("");
      assertTrue(disposition.matches("attachment; filename=\"tributary-acme-start-\\d{8}T\\d{6}Z\\.csv\""),
          disposition);
      assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElse(""), "streamed, not buffered");
      List<List<String>> rows = Rfc4180.parse(r.body());
      List<String> header = rows.get(0);
      int id = header.indexOf("id");
      int message = header.indexOf("message");
      List<String> ids = new ArrayList<>();
      for (List<String> row : rows.subList(1, rows.size())) {
        ids.add(row.get(id));
      }
      assertEquals(stored.stream().map(e -> e.path("id").asText()).toList(), ids,
          "the events a query finds, oldest first, each once");
      for (int i = 0; i < stored.size(); i++) {
        assertEquals(stored.get(i).path("message").asText(), rows.get(i + 1).get(message));
      }

      HttpResponse<String> theirs = export(fx, other, "format=ndjson");
      assertEquals(200, theirs.statusCode());
      String[] lines = theirs.body().split("\n");
      assertEquals(2000, lines.length);
      for (String line : lines) {
        JsonNode e = Json.mapper().readTree(line);
        assertEquals("openssh", e.path("service").asText());
        assertFalse(ids.contains(e.path("id").asText()));
      }
    }
  }

  @Test
  void theQueryLanguageAndFieldsNarrowTheExportAsTheyNarrowAQuery() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      ingest(fx, acme, "Zookeeper");
      fx.awaitProcessed();
      String q = "severity:>=warn Connection";
      List<JsonNode> found = fx.queryAll(Map.of("q", q, "order", "oldest"), acme);
      assertFalse(found.isEmpty());
      HttpResponse<String> r = export(fx, acme, "format=json&q=" + enc(q) + "&fields=message,severity");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode array = Json.mapper().readTree(r.body());
      assertEquals(found.size(), array.size());
      for (int i = 0; i < found.size(); i++) {
        JsonNode e = array.get(i);
        assertEquals(found.get(i).path("id").asText(), e.path("id").asText());
        assertEquals(List.of("id", "timestamp", "severity", "message"), fieldNames(e));
      }
    }
  }

  private static List<String> fieldNames(JsonNode e) {
    List<String> names = new ArrayList<>();
    e.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void badParametersAreA400SayingWhatToSendAndTheRoleIsNeeded() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.LOGS_READ, Role.LOGS_EXPORT);
      HttpResponse<String> format = export(fx, acme, "format=xlsx");
      assertEquals(400, format.statusCode());
      JsonNode p = Json.mapper().readTree(format.body());
      assertEquals("invalid_format", p.path("code").asText());
      assertTrue(p.path("detail").asText().contains("csv, ndjson or json"), format.body());
      HttpResponse<String> q = export(fx, acme, "q=" + enc("status:[500 TO"));
      assertEquals(400, q.statusCode());
      assertEquals("invalid_query", Json.mapper().readTree(q.body()).path("code").asText());
      HttpResponse<String> unknown = export(fx, acme, "limit=5");
      assertEquals("unknown_field", Json.mapper().readTree(unknown.body()).path("code").asText());
      HttpResponse<String> noRole = export(fx, fx.token("acme", Role.LOGS_READ), "format=csv");
      assertEquals(403, noRole.statusCode());
    }
  }
}
