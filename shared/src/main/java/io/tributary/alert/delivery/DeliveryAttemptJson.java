package io.tributary.alert.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.time.Instant;

/**
 * The JSON form of a {@link DeliveryAttempt}, as stores keep it and {@code GET
 * /api/alerts/{id}/deliveries} shows it. Field names are stable; absent fields read as null/0.
 */
public final class DeliveryAttemptJson {

  private DeliveryAttemptJson() {
  }

  public static ObjectNode write(DeliveryAttempt a) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("tenant", a.tenant().value());
    o.put("ruleId", a.ruleId());
    o.put("deliveryId", a.deliveryId());
    o.put("target", a.target());
    o.put("attempt", a.attempt());
    o.put("at", a.at().toString());
    o.put("outcome", a.outcome().code());
    if (a.status() != 0) {
      o.put("status", a.status());
    }
    if (a.failure() != null) {
      o.put("failure", a.failure());
    }
    if (a.detail() != null) {
      o.put("detail", a.detail());
    }
    o.put("durationMs", a.durationMillis());
    if (a.nextAttemptAt() != null) {
      o.put("nextAttemptAt", a.nextAttemptAt().toString());
    }
    return o;
  }

  /** One line of JSON, no trailing newline. */
  public static byte[] bytes(DeliveryAttempt a) {
    return Json.bytes(write(a));
  }

  public static DeliveryAttempt read(JsonNode o) {
    JsonNode next = o.get("nextAttemptAt");
    return new DeliveryAttempt(TenantId.of(o.path("tenant").asText()), o.path("ruleId").asText(),
        o.path("deliveryId").asText(), o.path("target").asText(), o.path("attempt").asInt(),
        Instant.parse(o.path("at").asText()), DeliveryOutcome.ofCode(o.path("outcome").asText()),
        o.path("status").asInt(0), o.path("failure").asText(null), o.path("detail").asText(null),
        o.path("durationMs").asLong(0), next == null || next.isNull() ? null : Instant.parse(next.asText()));
  }
}
