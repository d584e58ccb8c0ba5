package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken requests each get their 4xx with a reason code, never a 500, and the
 * service keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode p = Json.mapper().readTree(r.body());
    assertEquals(code, p.get("code").asText(), r.body());
    assertEquals(status, p.get("status").asInt());
    assertTrue(p.get("detail").asText().length() > 10, "the detail says what to fix");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void malformedJson() throws Exception {
    assertProblem(fx.ingest("application/json", utf8("[{\"message\":\"a\"},{\"message\""), null), 400, "malformed_json");
    assertProblem(fx.ingest("application/json", utf8("not json at all"), null), 400, "malformed_json");
  }

  @Test
  void truncatedGzip() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(utf8("line one\n".repeat(5000)));
    }
    byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() / 2);
    HttpResponse<String> r = fx.send(HttpRequest.newBuilder(fx.uri("logs/ingest"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(cut))
        .header("Authorization", "Bearer " + fx.token)
        .header("Content-Type", "text/plain")
        .header("Content-Encoding", "gzip"));
    assertProblem(r, 400, "invalid_gzip");
  }

  @Test
  void invalidUtf8AndNulBytesAreRejectedPerLineAndTheRestKept() throws Exception {
    byte[] onlyBad = {'b', 'a', 'd', (byte) 0xC0, (byte) 0xAF, '\n'};
    HttpResponse<String> none = fx.ingest("text/plain", onlyBad, null);
    assertProblem(none, 400, "no_valid_events");
    assertEquals("invalid_utf8", Json.mapper().readTree(none.body()).get("rejected").get(0).get("code").asText());
    assertProblem(fx.ingest("text/plain", new byte[] {0, 0, 0, 0}, null), 400, "no_valid_events");
    HttpResponse<String> mixed = fx.ingest("text/plain", utf8("kept line\nnul\u0000line\nalso kept\n"), null);
    assertEquals(202, mixed.statusCode(), mixed.body());
    JsonNode receipt = Json.mapper().readTree(mixed.body());
    assertEquals(2, receipt.get("accepted").asInt());
    assertEquals("nul_byte", receipt.get("rejected").get(0).get("code").asText());
    assertEquals(1, receipt.get("rejected").get(0).get("index").asInt());
  }

  @Test
  void deeplyNestedJson() throws Exception {
    String deep = "[" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "]";
    assertProblem(fx.ingest("application/json", utf8(deep), null), 400, "json_too_deep");
    String deepLine = "{\"message\":\"m\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertProblem(fx.ingest("application/x-ndjson", utf8(deepLine), null), 400, "no_valid_events");
  }

  @Test
  void fiftyMegabyteBody() throws Exception {
    byte[] huge = new byte[50 << 20];
    Arrays.fill(huge, (byte) 'x');
    assertProblem(fx.ingest("text/plain", huge, null), 413, "body_too_large");
  }

  @Test
  void emptyBodyAndWrongContentType() throws Exception {
    assertProblem(fx.ingest("application/x-ndjson", new byte[0], null), 400, "empty_body");
    assertProblem(fx.ingest("application/x-www-form-urlencoded", utf8("a=b"), null), 415, "unsupported_media_type");
    assertProblem(fx.ingest(null, utf8("line"), null), 415, "unsupported_media_type");
    assertProblem(fx.ingest("text/plain", utf8("line"), "severity=LOUD"), 400, "invalid_parameter");
  }

  @Test
  void missingForgedAndUnderprivilegedTokens() throws Exception {
    HttpResponse<String> none = fx.send(HttpRequest.newBuilder(fx.uri("logs/ingest"))
        .POST(HttpRequest.BodyPublishers.ofString("line")).header("Content-Type", "text/plain"));
    assertProblem(none, 401, "missing_token");
    assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
    String forged = new TokenIssuer(utf8("an-attacker-key-an-attacker-key-!!"), "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("acme"), Instant.now(), Duration.ofHours(1));
    assertProblem(fx.ingestAs(forged, "text/plain", utf8("line"), null), 401, "invalid_token");
    assertProblem(fx.ingestAs("garbage", "text/plain", utf8("line"), null), 401, "invalid_token");
    assertProblem(fx.ingestAs(fx.token("acme", Role.LOGS_READ), "text/plain", utf8("line"), null), 403, "missing_role");
    assertProblem(fx.queryAs(fx.token("acme", Role.LOGS_WRITE), "{}"), 403, "missing_role");
  }

  @Test
  void badQueriesNameTheField() throws Exception {
    HttpResponse<String> r = fx.query("{\"limit\":5000}");
    assertProblem(r, 400, "invalid_field");
    assertEquals("limit", Json.mapper().readTree(r.body()).get("field").asText());
    assertProblem(fx.query("{\"cursor\":\"forged\"}"), 400, "invalid_cursor");
    assertProblem(fx.query("{oops"), 400, "malformed_json");
  }

  @Test
  void unknownRoutesAndMethods() throws Exception {
    assertProblem(fx.send(HttpRequest.newBuilder(fx.uri("logs/ingest")).GET()), 405, "method_not_allowed");
    assertProblem(fx.send(HttpRequest.newBuilder(fx.uri("nothing/here")).GET()), 404, "not_found");
  }

  @Test
  void theServiceKeepsServingAfterwards() throws Exception {
    malformedJson();
    fiftyMegabyteBody();
    deeplyNestedJson();
    HttpResponse<String> ok = fx.ingest("application/x-ndjson", utf8("{\"message\":\"still alive\"}"), null);
    assertEquals(202, ok.statusCode(), ok.body());
    HttpResponse<String> health = fx.send(HttpRequest.newBuilder(fx.uri("health")).GET());
    assertEquals(200, health.statusCode());
    fx.awaitProcessed();
    assertEquals(1, fx.queryAll(Map.of("q", "still alive")).size());
  }
}
