package io.tributary.alert.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Notifications for the delivery tests. */
final class Notifications {

  static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  private Notifications() {
  }

  static AlertNotification firing(TenantId tenant, String ruleId, int samples) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      events.add(TestEvents.event(tenant, EventIds.next(AT.toEpochMilli()), TestEvents.T0 + i * 1_000_000L,
          Severity.ERROR, "billing", "host-1", "payment failed for order " + i, Map.of("order", (long) i)));
    }
    return new AlertNotification(EventIds.next(System.currentTimeMillis()), tenant, ruleId, "payment errors",
        AlertNotification.FIRING, "host-1", AT.minusSeconds(60), AT, samples, 5, events,
        tree("{\"q\":\"service:billing severity:>=error\",\"services\":[\"billing\"],"
            + "\"from\":\"2026-11-29T09:59:00Z\",\"to\":\"2026-11-29T10:00:00Z\",\"limit\":10}"),
        AT);
  }

  static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
