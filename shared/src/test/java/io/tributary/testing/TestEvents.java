package io.tributary.testing;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.util.Map;

/** Builds enriched events for tests. */
public final class TestEvents {

  public static final long T0 = 1_764_000_000_000_000_000L; // 2025-11-24T16:00:00Z

  private TestEvents() {
  }

  public static LogEvent event(TenantId tenant, String id, long timeNanos, Severity severity, String service,
      String host, String message, Map<String, Object> attributes) {
    return new LogEvent(id, tenant, EventKind.STRUCTURED, timeNanos, timeNanos + 1_000_000L, severity, null,
        service, host, message, attributes, null, null, null, null);
  }

  public static LogEvent event(TenantId tenant, long timeNanos, String message) {
    return event(tenant, EventIds.next(timeNanos / 1_000_000L), timeNanos, Severity.INFO, "svc", "host-1", message,
        Map.of());
  }
}
