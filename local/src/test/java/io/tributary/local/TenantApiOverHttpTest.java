package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.config.Settings;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant API over HTTP on the local runtime: register, read with ETag, change with If-Match
 * (stale → 412), suspend (the tenant's writes and reads → 403, other tenants untouched, the
 * operator can reinstate), the audit trail of it all per tenant, append-only, and kept across a
 * restart; and the setting that refuses unregistered tenants.
 */
class TenantApiOverHttpTest {

  private static final String ACME = """
      {"id":"acme","name":"Acme","plan":"standard","status":"active"}""";

  @TempDir
  Path dir;

  @Test
  void registerReadChangeWithIfMatchAndSeeEveryStepInTheAuditTrail() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String admin = fx.token("ops", Role.TENANTS_ADMIN);
      HttpResponse<String> created = call(fx, "POST", "tenants", admin, ACME, null);
      assertEquals(201, created.statusCode(), created.body());
      assertEquals("\"1\"", created.headers().firstValue("ETag").orElse(null));
      assertEquals("/api/tenants/acme", created.headers().firstValue("Location").orElse(null));
      JsonNode doc = Json.mapper().readTree(created.body());
      assertEquals(20_000, doc.path("effectiveLimits").path("eventsPerSecond").asLong(), "the plan's: " + doc);
      assertEquals(7, doc.path("effectiveRetention").path("hotDays").asInt());

      assertProblem(call(fx, "POST", "tenants", admin, ACME, null), 409, "tenant_exists");
      HttpResponse<String> bad = call(fx, "POST", "tenants", admin,
          "{\"id\":\"beta\",\"name\":\"Beta\",\"plan\":\"gold\",\"status\":\"active\"}", null);
      assertProblem(bad, 400, "invalid_tenant");
      assertEquals("plan", Json.mapper().readTree(bad.body()).path("field").asText());
      assertProblem(call(fx, "POST", "tenants", admin, "{not json", null), 400, "malformed_json");

      HttpResponse<String> one = call(fx, "GET", "tenants/acme", admin, null, null);
      assertEquals(200, one.statusCode());
      assertEquals("\"1\"", one.headers().firstValue("ETag").orElse(null));
      HttpResponse<String> list = call(fx, "GET", "tenants", admin, null, null);
      assertEquals(200, list.statusCode());
      assertEquals("acme", Json.mapper().readTree(list.body()).path("tenants").get(0).path("id").asText());
      assertTrue(list.headers().firstValue("ETag").isPresent());
      assertProblem(call(fx, "GET", "tenants/nobody", admin, null, null), 404, "tenant_not_found");

      String patch = "{\"limits\":{\"eventsPerSecond\":500,\"bytesPerSecond\":1048576,\"burstSeconds\":2}}";
      assertProblem(call(fx, "PATCH", "tenants/acme", admin, patch, null), 428, "if_match_required");
      HttpResponse<String> changed = call(fx, "PATCH", "tenants/acme", admin, patch, "\"1\"");
      assertEquals(200, changed.statusCode(), changed.body());
      assertEquals("\"2\"", changed.headers().firstValue("ETag").orElse(null));
      assertEquals(500, Json.mapper().readTree(changed.body()).path("effectiveLimits").path("eventsPerSecond").asLong());
      assertEquals("standard", Json.mapper().readTree(changed.body()).path("plan").asText(), "the rest kept");
      HttpResponse<String> stale = call(fx, "PATCH", "tenants/acme", admin, "{\"name\":\"Late\"}", "\"1\"");
      assertProblem(stale, 412, "version_conflict");
      assertEquals(2, Json.mapper().readTree(stale.body()).path("currentVersion").asLong());
      assertProblem(call(fx, "PATCH", "tenants/acme", admin, "{\"id\":\"other\"}", "\"2\""), 400, "invalid_tenant");

      // A tenant's own users cannot manage tenants.
      String acmeAll = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT, Role.ALERTS_MANAGE);
      assertProblem(call(fx, "GET", "tenants", acmeAll, null, null), 403, "missing_role");
      assertProblem(call(fx, "GET", "tenants/acme", acmeAll, null, null), 403, "missing_role");
      assertProblem(call(fx, "PATCH", "tenants/acme", acmeAll, "{\"status\":\"active\"}", "*"), 403, "missing_role");
      assertProblem(call(fx, "POST", "tenants", acmeAll, ACME.replace("acme", "mine"), null), 403, "missing_role");

      // The trail: acme's users see acme's events, with who, what and when; another tenant sees none.
      JsonNode trail = Json.mapper().readTree(call(fx, "GET", "audit", acmeAll, null, null).body());
      List<String> types = new ArrayList<>();
      trail.path("entries").forEach(e -> types.add(e.path("type").asText()));
      assertEquals(List.of("TenantCreated", "TenantUpdated"), types, trail.toString());
      JsonNode update = trail.path("entries").get(1);
      assertEquals("local:ops", update.path("actor").asText(), "the operator's token subject");
      assertTrue(update.path("before").path("limits").isNull(), "before: the plan's limits: " + update);
      assertEquals(500, update.path("after").path("limits").path("eventsPerSecond").asLong());
      assertEquals(500, update.path("patch").path("limits").path("eventsPerSecond").asLong());
      assertTrue(update.path("at").asText().endsWith("Z"));
      String otherUser = fx.token("other", Role.LOGS_READ);
      assertEquals(0, Json.mapper().readTree(call(fx, "GET", "audit", otherUser, null, null).body())
          .path("entries").size());
      assertProblem(call(fx, "GET", "audit?tenant=acme", otherUser, null, null), 403, "missing_role");
      assertEquals(2, Json.mapper().readTree(call(fx, "GET", "audit?tenant=acme", admin, null, null).body())
          .path("entries").size());
      assertEquals(0, Json.mapper().readTree(call(fx, "GET", "audit?from=2020-01-01&to=2020-01-02", admin, null,
          null).body()).path("entries").size());
      assertProblem(call(fx, "GET", "audit?from=yesterday", admin, null, null), 400, "invalid_parameter");
      assertProblem(call(fx, "GET", "audit", null, null, null), 401, "missing_token");

      // Nothing rewrites or deletes the trail.
      for (String method : List.of("DELETE", "PUT", "PATCH", "POST")) {
        HttpResponse<String> r = call(fx, method, "audit", admin, "{}", null);
        assertEquals(405, r.statusCode(), method + " " + r.body());
      }
      assertEquals(405, call(fx, "DELETE", "tenants/acme", admin, null, null).statusCode());
    }
  }

  @Test
  void aSuspendedTenantIsRefusedUntilReinstatedAndTheRecordOutlivesARestart() throws Exception {
    Map<String, String> settings = RuntimeFixture.settings(dir);
    try (RuntimeFixture fx = RuntimeFixture.start(settings)) {
      String admin = fx.token("ops", Role.TENANTS_ADMIN);
      assertEquals(201, call(fx, "POST", "tenants", admin, ACME, null).statusCode());
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
      String other = fx.token("other", Role.LOGS_WRITE, Role.LOGS_READ);
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", "{\"message\":\"before\"}".getBytes(), null)
          .statusCode());

      assertEquals(200, call(fx, "PATCH", "tenants/acme", admin, "{\"status\":\"suspended\"}", "*").statusCode());
      assertProblem(fx.ingestAs(acme, "application/x-ndjson", "{\"message\":\"while suspended\"}".getBytes(), null),
          403, "tenant_suspended");
      assertProblem(fx.queryAs(acme, "{}"), 403, "tenant_suspended");
      assertProblem(call(fx, "GET", "audit", acme, null, null), 403, "tenant_suspended");
      assertEquals(202, fx.ingestAs(other, "application/x-ndjson", "{\"message\":\"unaffected\"}".getBytes(), null)
          .statusCode(), "other tenants go on");
      assertEquals(200, fx.queryAs(other, "{}").statusCode());
      JsonNode health = Json.mapper().readTree(fx.send(HttpRequest.newBuilder(fx.uri("health"))
          .header("Authorization", "Bearer " + acme).GET()).body());
      assertEquals("suspended", health.path("tenants").get(0).path("status").asText(), health.toString());
    }
    try (RuntimeFixture fx = RuntimeFixture.start(settings)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
      assertProblem(fx.ingestAs(acme, "application/x-ndjson", "{\"message\":\"after restart\"}".getBytes(), null),
          403, "tenant_suspended");
      String admin = fx.token("ops", Role.TENANTS_ADMIN);
      HttpResponse<String> back = call(fx, "PATCH", "tenants/acme", admin, "{\"status\":\"active\"}", "\"2\"");
      assertEquals(200, back.statusCode(), back.body());
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", "{\"message\":\"reinstated\"}".getBytes(), null)
          .statusCode());
      assertEquals(3, Json.mapper().readTree(call(fx, "GET", "audit?tenant=acme", admin, null, null).body())
          .path("entries").size(), "created, suspended, reinstated");
    }
  }

  @Test
  void withRegistrationRequiredAnUnregisteredTenantIsRefused() throws Exception {
    Map<String, String> settings = RuntimeFixture.settings(dir);
    settings.put(Settings.UNREGISTERED_TENANT_PLAN.name(), "none");
    try (RuntimeFixture fx = RuntimeFixture.start(settings)) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
      assertProblem(fx.ingestAs(acme, "application/x-ndjson", "{\"message\":\"who?\"}".getBytes(), null),
          403, "tenant_not_registered");
      assertProblem(fx.queryAs(acme, "{}"), 403, "tenant_not_registered");
      String admin = fx.token("ops", Role.TENANTS_ADMIN);
      assertEquals(201, call(fx, "POST", "tenants", admin, ACME, null).statusCode(),
          "the operator is not held back by its own tenant's registration");
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", "{\"message\":\"registered\"}".getBytes(), null)
          .statusCode());
    }
  }

  static HttpResponse<String> call(RuntimeFixture fx, String method, String path, String bearer, String body,
      String ifMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
    }
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return fx.send(b);
  }

  static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(code, Json.mapper().readTree(r.body()).path("code").asText(), r.body());
  }
}
