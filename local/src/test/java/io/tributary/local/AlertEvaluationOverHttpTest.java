package io.tributary.local;

import static io.tributary.local.TenantApiOverHttpTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules evaluated on the write path of the local runtime: real OpenSSH lines sent over HTTP
 * trip a threshold rule once processing stored them; the rule's history shows one firing with the
 * count and a query that finds the matching lines; another tenant's lines and a resend of the same
 * events (same ids) do not count; after a restart the history is still there and more matches in
 * the window do not fire the rule again (its firing state is restored from the recorded
 * transitions).
 */
class AlertEvaluationOverHttpTest {

  @TempDir
  Path dir;

  @Test
  void realLinesTripAThresholdRuleOnceAndTheHistoryShowsIt() throws Exception {
    String id;
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ, Role.LOGS_WRITE);
      String globex = fx.token("globex", Role.ALERTS_MANAGE, Role.LOGS_READ, Role.LOGS_WRITE);
      HttpResponse<String> created = call(fx, "POST", "alerts", acme, """
          {"name":"ssh brute force","query":{"q":"\\"failed password\\""},
           "condition":{"type":"threshold","count":20,"window":"10m"},"cooldown":"1h"}""", null);
      assertEquals(201, created.statusCode(), created.body());
      id = Json.mapper().readTree(created.body()).path("id").asText();

      List<String> lines = Loghub.lines("OpenSSH").subList(0, 400);
      long failed = lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains("failed password")).count();
      assertTrue(failed >= 20, "the sample trips the rule: " + failed);
      // The events carry no time of their own, so they happen now (a window counts by event time).
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("id", "ssh-" + i);
        e.put("message", lines.get(i));
        e.put("service", "sshd");
        body.append(e).append('\n');
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      assertEquals(202, fx.ingestAs(globex, "application/x-ndjson", bytes, null).statusCode(), "globex's do not count");
      fx.awaitProcessed();
      assertEquals(0, history(fx, acme, id).size(), "nothing of acme's yet");
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", bytes, null).statusCode());
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", bytes, null).statusCode(), "a resend");
      fx.awaitProcessed();

      JsonNode events = history(fx, acme, id);
      assertEquals(1, events.size(), "one firing: " + events);
      JsonNode f = events.get(0);
      assertEquals("firing", f.path("state").asText());
      assertEquals(failed, f.path("count").asLong(), "every matching line once, the resend not counted: " + f);
      assertEquals(20, f.path("threshold").asLong());
      assertTrue(f.path("samples").isMissingNode(), "the history keeps no samples (the notification has them)");
      HttpResponse<String> again = fx.queryAs(acme, f.path("query").toString());
      assertEquals(200, again.statusCode(), again.body());
      JsonNode found = Json.mapper().readTree(again.body()).path("events");
      assertEquals(Math.min(100, failed), found.size(), "the notification's query finds the matches: " + f.path("query"));
      for (JsonNode s : found) {
        assertTrue(s.path("message").asText().toLowerCase(Locale.ROOT).contains("failed password"), s.toString());
      }
      assertEquals(404, call(fx, "GET", "alerts/" + id + "/events", globex, null, null).statusCode(),
          "globex cannot read acme's rule history");
    }
    // After a restart the history is there, the group is known to be firing, and more matches
    // within the window do not notify again.
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ, Role.LOGS_WRITE);
      assertEquals(1, history(fx, acme, id).size());
      StringBuilder more = new StringBuilder();
      List<String> lines = Loghub.lines("OpenSSH").subList(0, 400);
      for (int i = 0; i < lines.size(); i++) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("id", "ssh-after-" + i);
        e.put("message", lines.get(i));
        more.append(e).append('\n');
      }
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", more.toString().getBytes(StandardCharsets.UTF_8),
          null).statusCode());
      fx.awaitProcessed();
      JsonNode after = history(fx, acme, id);
      assertEquals(1, after.size(), "still the one firing: " + after);
      HttpResponse<String> audit = call(fx, "GET", "audit", acme, null, null);
      assertTrue(!audit.body().contains("AlertFiring"), "transitions are not configuration: " + audit.body());
    }
  }

  private static JsonNode history(RuntimeFixture fx, String bearer, String id) throws Exception {
    HttpResponse<String> r = call(fx, "GET", "alerts/" + id + "/events", bearer, null, null);
    if (r.statusCode() == 404) {
      return Json.mapper().createArrayNode();
    }
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body()).path("events");
  }
}
