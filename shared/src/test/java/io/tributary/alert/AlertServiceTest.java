package io.tributary.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.configstore.Versioned;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.testing.InMemoryConfigStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertServiceTest {

  private static final TenantId ACME = TenantId.of("acme");

  private static JsonNode json(String s) throws Exception {
    return Json.mapper().readTree(s);
  }

  @Test
  void aDocumentReadsBackToTheSameRuleWithItsDefaultsWrittenOut() throws Exception {
    AlertRule r = AlertRuleDocument.fromJson("r1", json("""
        {"name":"spike","query":{"q":"severity:>=error","limit":5},
         "condition":{"type":"rateChange","window":"5m","groupBy":"service"}}"""));
    AlertCondition c = r.condition();
    assertEquals(AlertCondition.Type.RATE_CHANGE, c.type());
    assertEquals(3.0, c.factor());
    assertEquals(Duration.ofMinutes(50), c.baseline());
    assertEquals(AlertCondition.Direction.UP, c.direction());
    assertEquals(10, c.count());
    assertEquals(Duration.ofMinutes(5), r.cooldown());
    assertTrue(r.enabled());
    assertTrue(!r.query().has("limit"), "paging fields are dropped: " + r.query());
    JsonNode written = AlertRuleDocument.toJson(r);
    assertEquals(written, AlertRuleDocument.toJson(AlertRuleDocument.fromJson("r1", written)));
  }

  @Test
  void secretsAreRedactedWhenShown() throws Exception {
    AlertRule r = AlertRuleDocument.fromJson("r1", json("""
        {"name":"x","condition":{"type":"threshold","count":1,"window":"1m"},
         "notify":[{"type":"webhook","url":"https://h.example/x","secret":"0123456789abcdefXYZ"}]}"""));
    assertEquals("***", AlertRuleDocument.redacted(r).path("notify").get(0).path("secret").asText());
    assertEquals("0123456789abcdefXYZ", AlertRuleDocument.toJson(r).path("notify").get(0).path("secret").asText());
  }

  @Test
  void createReplaceDeleteAreConditionalEventsAndTheLimitHolds() throws Exception {
    InMemoryConfigStore store = new InMemoryConfigStore();
    List<AlertService.Change> changes = new ArrayList<>();
    AlertService s = new AlertService(store, Clock.systemUTC(), t -> 2,
        new io.tributary.alert.delivery.TargetGuard(false));
    s.onChange(changes::add);
    String doc = "{\"name\":\"a\",\"condition\":{\"type\":\"threshold\",\"count\":1,\"window\":\"1m\"}}";
    Versioned<AlertRule> a = s.create(ACME, json(doc), "u");
    s.create(ACME, json(doc), "u");
    AlertException full = assertThrows(AlertException.class, () -> s.create(ACME, json(doc), "u"));
    assertEquals("alert_limit", full.problem().code());
    assertEquals(409, full.problem().status());
    assertEquals(2, s.list(ACME).size());
    assertEquals(0, s.list(TenantId.of("globex")).size());

    Versioned<AlertRule> b = s.replace(ACME, a.state().id(), json(doc.replace("\"a\"", "\"b\"")), 1, "u");
    assertEquals(2, b.version());
    assertEquals("b", s.get(ACME, a.state().id()).orElseThrow().state().name());
    AlertException stale = assertThrows(AlertException.class,
        () -> s.replace(ACME, a.state().id(), json(doc), 1, "u"));
    assertEquals(412, stale.problem().status());
    assertThrows(AlertException.class, () -> s.get(TenantId.of("globex"), a.state().id()).orElseThrow(
        () -> AlertException.notFound(a.state().id())));

    AlertException refused = assertThrows(AlertException.class, () -> s.create(ACME, json(
        "{\"name\":\"x\",\"condition\":{\"type\":\"threshold\",\"count\":1,\"window\":\"1m\"},"
            + "\"notify\":[{\"type\":\"webhook\",\"url\":\"http://10.0.0.1/hook\"}]}"), "u"));
    assertEquals("notify_target_not_allowed", refused.problem().code());

    s.delete(ACME, a.state().id(), "u");
    assertTrue(s.get(ACME, a.state().id()).isEmpty());
    assertEquals(1, s.all().size());
    assertEquals(List.of("AlertCreated", "AlertUpdated", "AlertDeleted"),
        store.read(AlertService.stream(ACME, a.state().id())).stream().map(e -> e.type()).toList());
    assertEquals(4, changes.size(), "two creations, a replacement and a deletion");
    assertEquals(null, changes.get(3).after());
  }
}
