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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the local runtime, the three condition types that need time to pass (threshold is
 * {@link AlertDeliveryOverHttpTest}): real OpenSSH lines sent over HTTP at a steady trickle, then in
 * a burst with a line of a kind not sent before, then not at all, then once more. A real receiver
 * on 127.0.0.1 gets, signed with each rule's secret, exactly one firing and one resolved per rule:
 * the rate change fires on the burst and resolves when its window slides past it, the new pattern
 * fires on the new kind of line and resolves a window later, and the absence fires once the lines
 * stop for a window and resolves when one comes.
 */
class AlertConditionsOverHttpTest {

  @TempDir
  Path dir;

  private int seq;

  @Test
  void absenceRateChangeAndNewPatternEachFireOnceAndResolveOnce() throws Exception {
    List<String> ssh = Loghub.lines("OpenSSH");
    String failedA = first(ssh, "Failed password for invalid user");
    String failedB = first(ssh, "Failed password for root");
    String disconnect = first(ssh, "Received disconnect from");
    try (WebhookReceiver receiver = new WebhookReceiver(); RuntimeFixture fx = RuntimeFixture.start(dir)) {
      String acme = fx.token("acme", Role.ALERTS_MANAGE, Role.LOGS_READ, Role.LOGS_WRITE);
      Map<String, String> secrets = new HashMap<>();
      Map<String, String> names = new HashMap<>();
      for (String[] r : List.of(
          new String[] {"ssh went silent", """
              {"type":"absence","count":1,"window":"10s"}""", "{\"q\":\"\\\"failed password\\\"\"}"},
          new String[] {"login storm", """
              {"type":"rateChange","window":"10s","baseline":"20s","factor":3,"count":5}""", "{}"},
          new String[] {"new kind of line", """
              {"type":"newPattern","window":"10s"}""", "{}"})) {
        String secret = "secret-of-" + r[0].replace(' ', '-') + "-0123456789";
        String doc = """
            {"name":"%s","query":%s,"condition":%s,"cooldown":"0s",
             "notify":[{"type":"webhook","url":"%s","secret":"%s"}]}""".formatted(r[0], r[2], r[1], receiver.url(),
            secret);
        HttpResponse<String> created = call(fx, "POST", "alerts", acme, doc, null);
        assertEquals(201, created.statusCode(), created.body());
        String id = Json.mapper().readTree(created.body()).path("id").asText();
        secrets.put(id, secret);
        names.put(r[0], id);
      }

      // A steady trickle of two kinds of line, about one a second, for the baseline (20 s) and
      // past the new-pattern rule's learning window (10 s).
      long end = System.nanoTime() + Duration.ofSeconds(24).toNanos();
      while (System.nanoTime() < end) {
        send(fx, acme, List.of(failedA, failedB));
        Thread.sleep(2_000);
      }
      assertEquals(List.of(), states(receiver), "a steady trickle trips none");

      // A burst: 30× the rate, and one line of a kind not sent before.
      List<String> burst = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        burst.add(i % 2 == 0 ? failedA : failedB);
      }
      burst.add(disconnect);
      send(fx, acme, burst);
      assertTrue(receiver.await(n -> is(n, names.get("login storm"), "firing"), Duration.ofSeconds(10)));
      assertTrue(receiver.await(n -> is(n, names.get("new kind of line"), "firing"), Duration.ofSeconds(10)));

      // Silence: the absence fires, the other two resolve as their windows slide past the burst.
      assertTrue(receiver.await(n -> is(n, names.get("ssh went silent"), "firing"), Duration.ofSeconds(30)));
      assertTrue(receiver.await(n -> is(n, names.get("login storm"), "resolved"), Duration.ofSeconds(30)));
      assertTrue(receiver.await(n -> is(n, names.get("new kind of line"), "resolved"), Duration.ofSeconds(30)));

      send(fx, acme, List.of(failedA));
      assertTrue(receiver.await(n -> is(n, names.get("ssh went silent"), "resolved"), Duration.ofSeconds(10)));
      Thread.sleep(6_000); // one more tick: nothing else comes

      List<String> got = states(receiver);
      for (String rule : names.values()) {
        assertEquals(List.of("firing", "resolved"), got.stream().filter(s -> s.startsWith(rule + ":"))
            .map(s -> s.substring(rule.length() + 1)).toList(), "rule " + rule + ": " + got);
      }
      assertEquals(6, got.size(), got.toString());
      for (WebhookReceiver.Received r : receiver.received()) {
        assertTrue(r.signedWith(secrets.get(r.json().path("ruleId").asText())), "signed with its rule's secret");
      }
      JsonNode fresh = receiver.received().stream().map(WebhookReceiver.Received::json)
          .filter(n -> is(n, names.get("new kind of line"), "firing")).findFirst().orElseThrow();
      assertTrue(fresh.path("samples").toString().contains("Received disconnect"), fresh.toString());
    }
  }

  private static boolean is(JsonNode n, String ruleId, String state) {
    return n.path("ruleId").asText().equals(ruleId) && n.path("state").asText().equals(state);
  }

  private static List<String> states(WebhookReceiver receiver) {
    return receiver.received().stream().map(WebhookReceiver.Received::json)
        .map(n -> n.path("ruleId").asText() + ":" + n.path("state").asText()).toList();
  }

  private static String first(List<String> lines, String containing) {
    return lines.stream().filter(l -> l.contains(containing)).findFirst().orElseThrow();
  }

  private void send(RuntimeFixture fx, String bearer, List<String> lines) throws Exception {
    StringBuilder body = new StringBuilder();
    for (String l : lines) {
      ObjectNode e = Json.mapper().createObjectNode();
      e.put("id", "c-" + (seq++));
      e.put("message", l);
      body.append(e).append('\n');
    }
    assertEquals(202, fx.ingestAs(bearer, "application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8),
        null).statusCode());
  }
}
