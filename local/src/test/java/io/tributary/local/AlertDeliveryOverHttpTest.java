package io.tributary.local;

import static io.tributary.local.TenantApiOverHttpTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Role;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.local.testing.WebhookReceiver;
import io.tributary.testing.Loghub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the local runtime: real OpenSSH lines sent over HTTP trip a threshold rule whose
 * webhook is a real HTTP receiver on 127.0.0.1; the receiver gets exactly one signed {@code firing}
 * and, once the 10 s window has slid past the lines, exactly one {@code resolved}; it verifies each
 * signature with the rule's secret; the rule's deliveries show both delivered.
 */
class AlertDeliveryOverHttpTest {

  private static final String SECRET = "a-webhook-secret-of-the-receiver";

  @TempDir
  Path dir;

  @Test
  void aRuleTrippedByRealLinesSendsOneSignedFiringAndOneResolved() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(); RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ, Role.LOGS_WRITE);
      String rule = """
          {"name":"ssh brute force","query":{"q":"\\"failed password\\""},
           "condition":{"type":"threshold","count":20,"window":"10s"},"cooldown":"0s",
           "notify":[{"type":"webhook","url":"%s","secret":"%s"}]}"""
          .formatted(receiver.url(), SECRET);
      HttpResponse<String> created = call(fx, "POST", "alerts", acme, rule, null);
      assertEquals(201, created.statusCode(), created.body());
      String id = Json.mapper().readTree(created.body()).path("id").asText();

      List<String> lines = Loghub.lines("OpenSSH").subList(0, 400);
      long failed = lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains("failed password")).count();
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("id", "ssh-" + i);
        e.put("message", lines.get(i));
        body.append(e).append('\n');
      }
      assertEquals(202, fx.ingestAs(acme, "application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8),
          null).statusCode());
      fx.awaitProcessed();
      receiver.await(n -> n.path("state").asText().equals("firing"), Duration.ofSeconds(10));
      // The window (10 s) slides past the lines and the 5 s timer resolves the rule.
      receiver.await(n -> n.path("state").asText().equals("resolved"), Duration.ofSeconds(30));
      Thread.sleep(1_000);
      List<WebhookReceiver.Received> received = receiver.received();
      assertEquals(2, received.size(), "one firing, one resolved, nothing else");

      JsonNode firing = received.get(0).json();
      JsonNode resolved = received.get(1).json();
      assertEquals("firing", firing.path("state").asText());
      assertEquals("resolved", resolved.path("state").asText());
      assertEquals(id, firing.path("ruleId").asText());
      assertEquals(failed, firing.path("count").asLong(), firing.toString());
      assertEquals(10, firing.path("samples").size());
      for (WebhookReceiver.Received r : received) {
        assertTrue(r.signedWith(SECRET), "the receiver verifies the signature");
        assertTrue(!r.signedWith("another-secret-of-16+chars"), "and a wrong secret fails");
      }
      assertTrue(!received.get(0).delivery().equals(received.get(1).delivery()), "a delivery id per notification");

      HttpResponse<String> deliveries = call(fx, "GET", "alerts/" + id + "/deliveries", acme, null, null);
      assertEquals(200, deliveries.statusCode(), deliveries.body());
      JsonNode ds = Json.mapper().readTree(deliveries.body()).path("deliveries");
      assertEquals(2, ds.size(), ds.toString());
      for (JsonNode d : ds) {
        assertEquals("delivered", d.path("outcome").asText(), d.toString());
      }
      JsonNode events = Json.mapper().readTree(call(fx, "GET", "alerts/" + id + "/events", acme, null, null).body())
          .path("events");
      assertEquals(List.of("resolved", "firing"), List.of(events.get(0).path("state").asText(),
          events.get(1).path("state").asText()));
    }
  }
}
