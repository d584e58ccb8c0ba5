package io.tributary.ingest.otlp;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.Reasons;
import io.tributary.event.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an OTLP log record means as an event, for both encodings; the one place the mapping is
 * written (docs/ingest-formats.md):
 * <ul>
 *   <li>resource {@code service.name} → service, {@code host.name} → host (a scalar's text, at
 *       most {@code maxNameLength} characters, {@code field_too_long}); absent: the request's
 *       defaults;
 *   <li>{@code severityNumber} 1-24 → severity as OpenTelemetry's ranges; otherwise the level word
 *       of {@code severityText}; otherwise the default. {@code severityText} is kept as written;
 *   <li>{@code body}: a string as it is; any other value as its text (scalars) or compact JSON
 *       (arrays, key-value lists; bytes as base64) → message. An empty body takes
 *       {@code eventName}; neither is {@code missing_message};
 *   <li>{@code timeUnixNano}, else {@code observedTimeUnixNano}, else none (processing gives the
 *       ingest time); past 2262 {@code invalid_timestamp}, more than the limit ahead
 *       {@code timestamp_in_future};
 *   <li>{@code traceId} / {@code spanId}: 16 / 8 bytes as lower-case hex (all zeros: none);
 *       another length {@code invalid_trace_id};
 *   <li>attributes of every level, flat, in this order (a later key replaces an earlier one):
 *       the resource's other attributes, {@code otel.scope.name}, {@code otel.scope.version}, the
 *       scope's attributes, the record's attributes, {@code event.name}. Strings, booleans,
 *       64-bit integers and doubles as they are (a non-finite double as its text), bytes as
 *       base64, arrays as compact JSON, key-value lists flattened to {@code key.sub}. Names of
 *       1-{@code maxNameLength} characters, at most {@code maxAttributes} of them, nesting at most
 *       {@code maxNesting} deep, as for JSON events.
 * </ul>
 * At ingest a record that breaks a rule is rejected with the first rule it broke; a replay builds
 * the event in any case.
 */
final class OtlpMapping {

  static final String SERVICE_NAME = "service.name";
  static final String HOST_NAME = "host.name";

  private OtlpMapping() {
  }

  /** Judges (at ingest) and builds (when materializing) the event of record {@code index}. */
  static void record(BodyReading r, int index, int start, int end, OtlpScope resource, OtlpScope scope,
      OtlpRecord rec) {
    IngestLimits limits = r.limits();
    Check c = new Check(limits);
    if (end - start > limits.maxEventBytes()) {
      c.error(Reasons.EVENT_TOO_LARGE, "the log record is " + (end - start) + " bytes; the limit is "
          + limits.maxEventBytes() + " bytes per event");
    }
    c.error(resource.errorCode(), resource.errorMessage());
    c.error(scope.errorCode(), scope.errorMessage());
    c.error(rec.errorCode, rec.errorMessage);
    Map<String, Object> attributes = new LinkedHashMap<>();
    String service = null;
    String host = null;
    for (AnyValues.KeyValue kv : resource.attributes()) {
      if (SERVICE_NAME.equals(kv.key()) && kv.value() != null) {
        service = c.name(AnyValues.text(kv.value()), SERVICE_NAME);
      } else if (HOST_NAME.equals(kv.key()) && kv.value() != null) {
        host = c.name(AnyValues.text(kv.value()), HOST_NAME);
      } else {
        c.put(attributes, kv.key(), kv.value(), 0);
      }
    }
    if (scope.name() != null && !scope.name().isEmpty()) {
      c.put(attributes, "otel.scope.name", scope.name(), 0);
    }
    if (scope.version() != null && !scope.version().isEmpty()) {
      c.put(attributes, "otel.scope.version", scope.version(), 0);
    }
    for (AnyValues.KeyValue kv : scope.attributes()) {
      c.put(attributes, kv.key(), kv.value(), 0);
    }
    for (AnyValues.KeyValue kv : rec.attributes) {
      c.put(attributes, kv.key(), kv.value(), 0);
    }
    boolean hasEventName = rec.eventName != null && !rec.eventName.isEmpty();
    if (hasEventName) {
      c.put(attributes, "event.name", rec.eventName, 0);
    }
    String message = rec.body == null ? "" : AnyValues.text(rec.body);
    if (rec.body != null && AnyValues.depth(rec.body) > limits.maxNesting()) {
      c.error(Reasons.TOO_DEEPLY_NESTED, "the body nests deeper than " + limits.maxNesting() + " levels");
    }
    if (message.isEmpty() && hasEventName) {
      message = rec.eventName;
    }
    if (message.isEmpty()) {
      c.error(Reasons.MISSING_MESSAGE, "the log record has no body (and no eventName): put the log text in body");
    }
    long raw = rec.timeUnixNano != 0 ? rec.timeUnixNano : rec.observedTimeUnixNano;
    long time = raw <= 0 ? LogEvent.UNSET_TIME : raw;
    if (rec.badTime != null) {
      c.error(Reasons.INVALID_TIMESTAMP, "timeUnixNano '" + rec.badTime
          + "' is not a count of nanoseconds since 1970 (an unsigned 64-bit integer)");
    } else if (raw < 0) {
      c.error(Reasons.INVALID_TIMESTAMP, "the time " + Long.toUnsignedString(raw)
          + " ns is past 2262-04-11, the last time nanoseconds in a signed 64-bit integer hold");
    } else if (time != LogEvent.UNSET_TIME && time > r.nowNanos() + limits.maxFutureNanos()) {
      c.error(Reasons.TIMESTAMP_IN_FUTURE, "the time " + Timestamps.format(time) + " is more than "
          + (limits.maxFutureNanos() / 3_600_000_000_000L)
          + " h ahead of the server clock; check the sender's clock and time zone");
    }
    if (r.judging() && c.code != null) {
      r.reject(index, c.code, c.message);
      return;
    }
    if (!r.materialize()) {
      r.accept(null, start, end);
      return;
    }
    EventDefaults defaults = r.defaults();
    Severity severity = severity(rec.severityNumber, rec.severityText, defaults.severity());
    r.accept(new LogEvent(r.nextId(), r.tenant(), EventKind.STRUCTURED, time,
        r.nowNanos(), severity, rec.severityText == null || rec.severityText.isEmpty() ? null : rec.severityText,
        service == null || service.isEmpty() ? defaults.service() : service,
        host == null || host.isEmpty() ? defaults.host() : host,
        message, attributes, rec.traceId, rec.spanId, null, null), start, end);
  }

  /** OpenTelemetry SeverityNumber 1-24 by its ranges, else the level word, else the default. */
  static Severity severity(long number, String text, Severity dflt) {
    if (number >= 1 && number <= 24) {
      int n = (int) number;
      return n <= 4 ? Severity.TRACE : n <= 8 ? Severity.DEBUG : n <= 12 ? Severity.INFO : n <= 16 ? Severity.WARN
          : n <= 20 ? Severity.ERROR : Severity.FATAL;
    }
    Severity s = text == null || text.isEmpty() ? null : Severity.parse(text);
    return s != null ? s : dflt;
  }

  /** The first rule a record breaks, and the attribute rules. */
  private static final class Check {
    private final IngestLimits limits;
    private int puts;
    String code;
    String message;

    Check(IngestLimits limits) {
      this.limits = limits;
    }

    void error(String c, String m) {
      if (code == null && c != null) {
        code = c;
        message = m;
      }
    }

    String name(String value, String field) {
      if (value.length() > limits.maxNameLength()) {
        error(Reasons.FIELD_TOO_LONG, field + " is " + value.length() + " characters; the limit is "
            + limits.maxNameLength());
      }
      return value;
    }

    void put(Map<String, Object> m, String key, Object v, int depth) {
      if (v == null) {
        return;
      }
      if (key.isEmpty() || key.length() > limits.maxNameLength()) {
        error(Reasons.FIELD_TOO_LONG, "attribute names are 1-" + limits.maxNameLength() + " characters; '"
            + (key.length() > 64 ? key.substring(0, 64) + "…" : key) + "' is " + key.length());
      }
      if (v instanceof AnyValues.KvList kv) {
        if (depth >= limits.maxNesting()) {
          error(Reasons.TOO_DEEPLY_NESTED, "attribute '" + key + "' nests deeper than " + limits.maxNesting()
              + " levels");
          return;
        }
        for (AnyValues.KeyValue e : kv.values()) {
          put(m, key + "." + e.key(), e.value(), depth + 1);
        }
        return;
      }
      Object value = v;
      if (v instanceof List<?>) {
        if (depth + AnyValues.depth(v) > limits.maxNesting()) {
          error(Reasons.TOO_DEEPLY_NESTED, "attribute '" + key + "' nests deeper than " + limits.maxNesting()
              + " levels");
        }
        value = AnyValues.text(v);
      } else if (v instanceof AnyValues.Bytes || v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        value = AnyValues.text(v);
      }
      if (++puts > limits.maxAttributes()) {
        error(Reasons.TOO_MANY_ATTRIBUTES, "the log record has more than " + limits.maxAttributes()
            + " attributes, its resource's and scope's counted");
      }
      m.put(key, value);
    }
  }
}
