package io.tributary.process;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.parse.LineParser;
import io.tributary.parse.ParsedLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completes an event on its way into the store: the time, severity and fields a text line carries,
 * the ingest time for events that gave no time. Deterministic: the same event enriches the same
 * way every time, so reprocessing a batch yields identical documents. Thread-safe.
 */
public final class Enricher {

  private final LineParser parser;

  public Enricher(LineParser parser) {
    this.parser = parser;
  }

  public LogEvent enrich(LogEvent e) {
    if (e.kind() != EventKind.TEXT) {
      long time = e.timeNanos() == LogEvent.UNSET_TIME ? e.ingestedNanos() : e.timeNanos();
      return time == e.timeNanos() ? e : new LogEvent(e.id(), e.tenant(), e.kind(), time, e.ingestedNanos(),
          e.severity(), e.severityText(), e.service(), e.host(), e.message(), e.attributes(), e.traceId(),
          e.spanId(), e.patternId(), e.template());
    }
    ParsedLine p = parser.parse(e.message(), e.ingestedNanos());
    long time = p.timeNanos() != LogEvent.UNSET_TIME ? p.timeNanos() : e.ingestedNanos();
    Map<String, Object> attrs = e.attributes();
    if (!p.attributes().isEmpty() || p.component() != null || p.pid() != null || p.thread() != null) {
      attrs = new LinkedHashMap<>(e.attributes());
      attrs.putAll(p.attributes());
      putIfSet(attrs, "component", p.component());
      putIfSet(attrs, "pid", p.pid());
      putIfSet(attrs, "thread", p.thread());
    }
    return new LogEvent(e.id(), e.tenant(), e.kind(), time, e.ingestedNanos(),
        p.severity() != null ? p.severity() : e.severity(),
        p.severity() != null ? p.severityText() : e.severityText(),
        e.service(),
        p.host() != null ? p.host() : e.host(),
        e.message(), attrs, e.traceId(), e.spanId(), e.patternId(), e.template());
  }

  private static void putIfSet(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
