package io.tributary.event;

import java.util.Map;

/**
 * One log event. Times are nanoseconds since the epoch, UTC.
 *
 * <p>Before enrichment, {@code timeNanos} may be {@link #UNSET_TIME} (the line's own time is not
 * known yet) and, for {@link EventKind#TEXT} events, {@code severity}, {@code service} and
 * {@code host} are defaults that what the line itself says overrides. After enrichment every
 * event has a time, a severity, a service and a host.
 *
 * @param id time-sortable id (26-char Crockford base32), or the client's own id for idempotent retries
 * @param severityText the level as the source wrote it; null when it gave none
 * @param attributes flat map of String, Long, Double or Boolean values; never null
 * @param traceId nullable
 * @param spanId nullable
 * @param patternId nullable until enrichment mines a pattern
 * @param template nullable until enrichment mines a pattern
 */
public record LogEvent(
    String id,
    TenantId tenant,
    EventKind kind,
    long timeNanos,
    long ingestedNanos,
    Severity severity,
    String severityText,
    String service,
    String host,
    String message,
    Map<String, Object> attributes,
    String traceId,
    String spanId,
    String patternId,
    String template) {

  /** Marks a time the event did not carry. */
  public static final long UNSET_TIME = Long.MIN_VALUE;

  public LogEvent {
    attributes = attributes == null ? Map.of() : attributes;
  }

  /** The UTC day of the event time, as days since the epoch. */
  public long epochDay() {
    return Math.floorDiv(timeNanos, 86_400_000_000_000L);
  }

  public LogEvent withTenant(TenantId t) {
    return new LogEvent(id, t, kind, timeNanos, ingestedNanos, severity, severityText, service, host,
        message, attributes, traceId, spanId, patternId, template);
  }
}
