package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertNotificationTest {

  private static final TenantId ACME = TenantId.of("acme");

  @Test
  void theBodyHasEveryDocumentedFieldAndEventsAsTheQueryApiShowsThem() throws Exception {
    AlertNotification n = Notifications.firing(ACME, "01JRULE", 2);
    JsonNode b = Json.mapper().readTree(AlertNotification.body(n));

    List<String> names = new ArrayList<>();
    b.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("version", "deliveryId", "tenant", "ruleId", "ruleName", "state", "group", "windowStart",
        "windowEnd", "count", "threshold", "samples", "query", "at"), names);
    assertEquals(1, b.get("version").asInt());
    assertEquals(n.deliveryId(), b.get("deliveryId").asText());
    assertEquals("acme", b.get("tenant").asText());
    assertEquals("firing", b.get("state").asText());
    assertEquals("host-1", b.get("group").asText());
    assertEquals("2026-11-29T09:59:00Z", b.get("windowStart").asText());
    assertEquals("2026-11-29T10:00:00Z", b.get("windowEnd").asText());
    assertEquals(2, b.get("count").asLong());
    assertEquals(5, b.get("threshold").asLong());
    assertEquals("service:billing severity:>=error", b.get("query").get("q").asText());
    JsonNode e = b.get("samples").get(0);
    assertEquals(n.samples().get(0).id(), e.get("id").asText());
    assertEquals("ERROR", e.get("severity").asText());
    assertEquals("payment failed for order 0", e.get("message").asText());
    assertEquals(0, e.get("attributes").get("order").asLong());
    assertTrue(e.get("timestamp").asText().endsWith("Z"));
  }

  @Test
  void aResolvedNotificationWithoutGroupWritesGroupAsNull() throws Exception {
    AlertNotification f = Notifications.firing(ACME, "r", 0);
    AlertNotification n = new AlertNotification(f.deliveryId(), ACME, "r", "rule", AlertNotification.RESOLVED, null,
        f.windowStart(), f.windowEnd(), 0, 5, null, null, f.at());
    JsonNode b = Json.mapper().readTree(AlertNotification.body(n));
    assertTrue(b.has("group") && b.get("group").isNull());
    assertEquals(0, b.get("samples").size());
    assertTrue(b.get("query").isObject());
  }

  @Test
  void keepsAtMostTenSamples() {
    assertEquals(AlertNotification.MAX_SAMPLES, Notifications.firing(ACME, "r", 25).samples().size());
  }

  @Test
  void refusesAStateOtherThanFiringOrResolved() {
    AlertNotification f = Notifications.firing(ACME, "r", 0);
    assertThrows(IllegalArgumentException.class, () -> new AlertNotification(f.deliveryId(), ACME, "r", "rule",
        "pending", null, f.windowStart(), f.windowEnd(), 0, 5, null, null, f.at()));
  }

  @Test
  void aRealBodyHasEveryPropertyTheLogicAppSchemaRequiresWithItsTypes() throws Exception {
    JsonNode schema = Json.mapper().readTree(Files.readAllBytes(Path.of("../docs/alerts-logicapp-schema.json")));
    AlertNotification withGroup = Notifications.firing(ACME, "r", 3);
    AlertNotification noGroup = new AlertNotification(withGroup.deliveryId(), ACME, "r", "rule",
        AlertNotification.RESOLVED, null, withGroup.windowStart(), withGroup.windowEnd(), 0, 5,
        withGroup.samples(), withGroup.query(), withGroup.at());
    for (AlertNotification n : List.of(withGroup, noGroup)) {
      List<String> problems = new ArrayList<>();
      conform("$", Json.mapper().readTree(AlertNotification.body(n)), schema, problems);
      assertEquals(List.of(), problems);
    }
  }

  /** The subset of JSON Schema the Logic Apps trigger uses: type (one or a list), required, properties, items, enum. */
  private static void conform(String at, JsonNode value, JsonNode schema, List<String> problems) {
    JsonNode type = schema.get("type");
    if (type != null) {
      List<String> types = new ArrayList<>();
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
      if (types.stream().noneMatch(t -> is(t, value))) {
        problems.add(at + " is " + value.getNodeType() + ", the schema says " + types);
        return;
      }
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode v : schema.get("enum")) {
        found |= v.equals(value);
      }
      if (!found) {
        problems.add(at + " = " + value + " is not in " + schema.get("enum"));
      }
    }
    if (value.isObject()) {
      for (JsonNode r : schema.path("required")) {
        if (!value.has(r.asText())) {
          problems.add(at + " lacks required " + r.asText());
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        if (value.has(p.getKey())) {
          conform(at + "." + p.getKey(), value.get(p.getKey()), p.getValue(), problems);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        conform(at + "[" + i + "]", value.get(i), schema.get("items"), problems);
      }
    }
  }

  private static boolean is(String type, JsonNode v) {
    switch (type) {
      case "string": return v.isTextual();
      case "integer": return v.isIntegralNumber();
      case "number": return v.isNumber();
      case "boolean": return v.isBoolean();
      case "object": return v.isObject();
      case "array": return v.isArray();
      case "null": return v.isNull();
      default: throw new AssertionError("schema type " + type + " not handled");
    }
  }
}
