package io.tributary.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a stored event, as the API returns it and the archive keeps it. The tenant is
 * not written: it is the caller's, or the archive folder's.
 */
public final class EventJson {

  private EventJson() {
  }

  public static void write(LogEvent e, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", e.id());
    g.writeStringField("timestamp", Timestamps.format(e.timeNanos()));
    g.writeStringField("ingestedAt", Timestamps.format(e.ingestedNanos()));
    g.writeStringField("severity", e.severity() == null ? null : e.severity().name());
    if (e.severityText() != null) {
      g.writeStringField("severityText", e.severityText());
    }
    g.writeStringField("service", e.service());
    g.writeStringField("host", e.host());
    g.writeStringField("message", e.message());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
      Object v = a.getValue();
      g.writeFieldName(a.getKey());
      if (v instanceof Long || v instanceof Integer) {
        g.writeNumber(((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        g.writeNumber(((Number) v).doubleValue());
      } else if (v instanceof Boolean) {
        g.writeBoolean((Boolean) v);
      } else {
        g.writeString(String.valueOf(v));
      }
    }
    g.writeEndObject();
    writeIfSet(g, "traceId", e.traceId());
    writeIfSet(g, "spanId", e.spanId());
    writeIfSet(g, "patternId", e.patternId());
    writeIfSet(g, "template", e.template());
    g.writeEndObject();
  }

  private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Reads an object written by {@link #write}; the parser is on its START_OBJECT. */
  public static LogEvent read(JsonParser p, TenantId tenant) throws IOException {
    String id = null;
    long time = LogEvent.UNSET_TIME;
    long ingested = LogEvent.UNSET_TIME;
    Severity severity = null;
    String severityText = null;
    String service = null;
    String host = null;
    String message = null;
    Map<String, Object> attrs = new LinkedHashMap<>();
    String traceId = null;
    String spanId = null;
    String patternId = null;
    String template = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "id": id = p.getText(); break;
        case "timestamp": time = Timestamps.parse(p.getText()); break;
        case "ingestedAt": ingested = Timestamps.parse(p.getText()); break;
        case "severity": severity = t == JsonToken.VALUE_NULL ? null : Severity.valueOf(p.getText()); break;
        case "severityText": severityText = p.getText(); break;
        case "service": service = p.getText(); break;
        case "host": host = p.getText(); break;
        case "message": message = p.getText(); break;
        case "traceId": traceId = p.getText(); break;
        case "spanId": spanId = p.getText(); break;
        case "patternId": patternId = p.getText(); break;
        case "template": template = p.getText(); break;
        case "attributes":
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            switch (v) {
              case VALUE_NUMBER_INT: attrs.put(k, p.getLongValue()); break;
              case VALUE_NUMBER_FLOAT: attrs.put(k, p.getDoubleValue()); break;
              case VALUE_TRUE: attrs.put(k, Boolean.TRUE); break;
              case VALUE_FALSE: attrs.put(k, Boolean.FALSE); break;
              default: attrs.put(k, p.getText());
            }
          }
          break;
        default:
          p.skipChildren();
      }
    }
    return new LogEvent(id, tenant, EventKind.STRUCTURED, time, ingested, severity, severityText, service, host,
        message, attrs, traceId, spanId, patternId, template);
  }
}
