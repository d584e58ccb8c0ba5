package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.tributary.json.Json;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The runtime's log lines carry the trace and span of the work that logged them, and nothing when untraced. */
class JsonLogFormatterTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";

  private static JsonNode format(String message) throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, message);
    r.setLoggerName("io.tributary.process");
    return Json.mapper().readTree(new JsonLogFormatter().format(r));
  }

  @Test
  void aLineLoggedInsideASpanCarriesItsTraceAndSpanIds() throws Exception {
    Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
    JsonNode line;
    try (Scope ignored = span.makeCurrent()) {
      line = format("a batch was quarantined");
    }
    assertEquals(TRACE, line.path("traceId").asText());
    assertEquals(SPAN, line.path("spanId").asText());
    assertEquals("a batch was quarantined", line.path("message").asText());
    assertEquals("WARNING", line.path("level").asText());
  }

  @Test
  void aLineLoggedOutsideAnySpanHasNoTraceFields() throws Exception {
    JsonNode line = format("listening");
    assertFalse(line.has("traceId"));
    assertFalse(line.has("spanId"));
    assertEquals("io.tributary.process", line.path("logger").asText());
  }
}
