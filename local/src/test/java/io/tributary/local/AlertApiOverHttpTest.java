package io.tributary.local;

import static io.tributary.local.TenantApiOverHttpTest.assertProblem;
import static io.tributary.local.TenantApiOverHttpTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert-rule API over HTTP on the local runtime: create (201, id, Location, ETag), list, read,
 * replace with If-Match (stale → 412, none → 428), delete (204, then 404); another tenant's rule is
 * a 404 for every method; roles (alerts.manage to change, logs.read to read); validation errors
 * name the field; every change is in the audit trail with the webhook secret hidden, across a
 * restart.
 */
class AlertApiOverHttpTest {

  private static final String RULE = """
      {"name": "payment errors",
       "query": {"q": "service:billing severity:>=error", "services": ["billing"]},
       "condition": {"type": "threshold", "count": 5, "window": "1m", "groupBy": "host"},
       "cooldown": "10m",
       "notify": [{"type": "webhook", "url": "https://hooks.example.com/t", "secret": "0123456789abcdef-secret"},
                  {"type": "logicApp", "url": "https://prod-00.westeurope.logic.azure.com/workflows/x?sig=abc"}]}""";

  @TempDir
  Path dir;

  @Test
  void createListReadReplaceDeleteWithIfMatchAndTheAuditTrail() throws Exception {
    String id;
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String manage = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ);
      String reader = fx.token("acme", Role.LOGS_READ);
      HttpResponse<String> created = call(fx, "POST", "alerts", manage, RULE, null);
      assertEquals(201, created.statusCode(), created.body());
      JsonNode doc = Json.mapper().readTree(created.body());
      id = doc.path("id").asText();
      assertTrue(id.matches("[0-9a-z]{26}"), id);
      assertEquals("/api/alerts/" + id, created.headers().firstValue("Location").orElse(null));
      assertEquals("\"1\"", created.headers().firstValue("ETag").orElse(null));
      assertEquals("***", doc.path("notify").get(0).path("secret").asText(), "the secret is never shown: " + doc);
      assertFalse(created.body().contains("0123456789abcdef-secret"), created.body());
      assertEquals("host", doc.path("condition").path("groupBy").asText());
      assertEquals("10m", doc.path("cooldown").asText());

      HttpResponse<String> list = call(fx, "GET", "alerts", reader, null, null);
      assertEquals(200, list.statusCode(), list.body());
      assertEquals(id, Json.mapper().readTree(list.body()).path("alerts").get(0).path("id").asText());
      HttpResponse<String> one = call(fx, "GET", "alerts/" + id, reader, null, null);
      assertEquals(200, one.statusCode(), one.body());
      assertEquals("payment errors", Json.mapper().readTree(one.body()).path("name").asText());

      String renamed = RULE.replace("payment errors", "billing errors");
      assertProblem(call(fx, "PUT", "alerts/" + id, manage, renamed, null), 428, "if_match_required");
      HttpResponse<String> replaced = call(fx, "PUT", "alerts/" + id, manage, renamed, "\"1\"");
      assertEquals(200, replaced.statusCode(), replaced.body());
      assertEquals("\"2\"", replaced.headers().firstValue("ETag").orElse(null));
      assertEquals("billing errors", Json.mapper().readTree(replaced.body()).path("name").asText());
      HttpResponse<String> stale = call(fx, "PUT", "alerts/" + id, manage, RULE, "\"1\"");
      assertProblem(stale, 412, "version_conflict");
      assertEquals(2, Json.mapper().readTree(stale.body()).path("currentVersion").asLong());

      // Roles: reading does not let one change; changing needs alerts.manage.
      assertProblem(call(fx, "POST", "alerts", reader, RULE, null), 403, "missing_role");
      assertProblem(call(fx, "PUT", "alerts/" + id, reader, RULE, "*"), 403, "missing_role");
      assertProblem(call(fx, "DELETE", "alerts/" + id, reader, null, null), 403, "missing_role");
      assertProblem(call(fx, "GET", "alerts", fx.token("acme", Role.ALERTS_MANAGE), null, null), 403, "missing_role");

      // Another tenant's rule does not exist for the caller, whatever the method.
      String other = fx.token("globex", Role.ALERTS_MANAGE, Role.LOGS_READ);
      assertProblem(call(fx, "GET", "alerts/" + id, other, null, null), 404, "alert_not_found");
      assertProblem(call(fx, "PUT", "alerts/" + id, other, RULE, "*"), 404, "alert_not_found");
      assertProblem(call(fx, "DELETE", "alerts/" + id, other, null, null), 404, "alert_not_found");
      assertEquals(0, Json.mapper().readTree(call(fx, "GET", "alerts", other, null, null).body()).path("alerts").size());
      assertProblem(call(fx, "GET", "alerts/nosuchrule", reader, null, null), 404, "alert_not_found");
    }
    // After a restart the rule is there, and deleting it is in the trail too.
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String manage = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ);
      assertEquals(200, call(fx, "GET", "alerts/" + id, manage, null, null).statusCode());
      HttpResponse<String> deleted = call(fx, "DELETE", "alerts/" + id, manage, null, null);
      assertEquals(204, deleted.statusCode(), deleted.body());
      assertProblem(call(fx, "GET", "alerts/" + id, manage, null, null), 404, "alert_not_found");
      assertProblem(call(fx, "DELETE", "alerts/" + id, manage, null, null), 404, "alert_not_found");

      HttpResponse<String> audit = call(fx, "GET", "audit", manage, null, null);
      assertEquals(200, audit.statusCode(), audit.body());
      List<String> types = new ArrayList<>();
      for (JsonNode e : Json.mapper().readTree(audit.body()).path("entries")) {
        if (e.path("stream").asText().equals("alert/acme/" + id)) {
          types.add(e.path("type").asText());
        }
      }
      assertEquals(List.of("AlertCreated", "AlertUpdated", "AlertDeleted"), types);
      assertFalse(audit.body().contains("0123456789abcdef-secret"), "the trail hides secrets: " + audit.body());
    }
  }

  @Test
  void anInvalidRuleIsA400NamingTheField() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String manage = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ);
      String[][] cases = {
          {"{\"query\":{},\"condition\":{\"type\":\"threshold\",\"count\":5,\"window\":\"1m\"}}", "name"},
          {RULE.replace("\"threshold\"", "\"sometimes\""), "condition.type"},
          {RULE.replace("\"1m\"", "\"soon\""), "condition.window"},
          {RULE.replace("\"count\": 5, ", ""), "condition.count"},
          {RULE.replace("\"count\": 5", "\"count\": 0"), "condition.count"},
          {RULE.replace("service:billing severity:>=error", "severity:>=loud"), "query"},
          {RULE.replace("https://hooks.example.com/t", "ftp://hooks.example.com/t"), "notify[0].url"},
          {RULE.replace("0123456789abcdef-secret", "short"), "notify[0].secret"},
          {RULE.replace("\"cooldown\"", "\"cooldowm\""), "cooldowm"},
          {RULE.replace("\"groupBy\": \"host\"", "\"groupBy\": \"host\", \"factor\": 3"), "condition.factor"},
      };
      for (String[] c : cases) {
        HttpResponse<String> r = call(fx, "POST", "alerts", manage, c[0], null);
        assertEquals(400, r.statusCode(), c[1] + ": " + r.body());
        JsonNode p = Json.mapper().readTree(r.body());
        assertTrue(p.path("field").asText().startsWith(c[1]), c[1] + " named: " + r.body());
        assertFalse(p.path("detail").asText().isBlank(), r.body());
      }
      assertProblem(call(fx, "POST", "alerts", manage, "{not json", null), 400, "malformed_json");
      assertEquals(0, Json.mapper().readTree(call(fx, "GET", "alerts", manage, null, null).body())
          .path("alerts").size(), "nothing was created");
    }
  }
}
