package io.tributary.local;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The local runtime's own logs: one JSON object per line ({@code time, level, logger, message,
 * traceId, spanId, error}). {@code traceId} and {@code spanId} are those of the span current on the
 * logging thread (a request's server span, a batch's processing span), absent when nothing is
 * traced: a log line of a request can be found from its trace and the other way round.
 */
final class JsonLogFormatter extends Formatter {

  @Override
  public String format(LogRecord r) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.ofEpochMilli(r.getMillis()).toString());
      g.writeStringField("level", r.getLevel().getName());
      g.writeStringField("logger", r.getLoggerName());
      g.writeStringField("message", formatMessage(r));
      io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.current().getSpanContext();
      if (span.isValid()) {
        g.writeStringField("traceId", span.getTraceId());
        g.writeStringField("spanId", span.getSpanId());
      }
      if (r.getThrown() != null) {
        StringWriter sw = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(sw));
        g.writeStringField("error", sw.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      return r.getMessage() + System.lineSeparator();
    }
    return out + System.lineSeparator();
  }
}
