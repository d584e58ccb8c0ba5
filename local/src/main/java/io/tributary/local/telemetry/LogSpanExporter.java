package io.tributary.local.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tributary.json.Json;
import java.util.Collection;
import java.util.logging.Logger;

/**
 * The local runtime's traces ({@code TRIBUTARY_TRACES=log}): each finished span as one JSON line
 * on the logger {@code io.tributary.traces} — name, kind, trace and span ids, parent, links,
 * start, duration, status and attributes — so a request can be followed through ingest and
 * processing with {@code grep <trace id>} in the server log.
 */
public final class LogSpanExporter implements SpanExporter {

  static final Logger TRACES = Logger.getLogger("io.tributary.traces");

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData s : spans) {
      TRACES.info(new String(Json.bytes(line(s)), java.nio.charset.StandardCharsets.UTF_8));
    }
    return CompletableResultCode.ofSuccess();
  }

  /** One span as the JSON line the log gets. */
  static ObjectNode line(SpanData s) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("span", s.getName());
    o.put("kind", s.getKind().name());
    o.put("traceId", s.getTraceId());
    o.put("spanId", s.getSpanId());
    if (s.getParentSpanContext().isValid()) {
      o.put("parentSpanId", s.getParentSpanId());
    }
    if (!s.getLinks().isEmpty()) {
      ArrayNode links = o.putArray("links");
      for (LinkData l : s.getLinks()) {
        links.addObject().put("traceId", l.getSpanContext().getTraceId()).put("spanId", l.getSpanContext().getSpanId());
      }
    }
    o.put("start", java.time.Instant.ofEpochSecond(0, s.getStartEpochNanos()).toString());
    o.put("durationMicros", (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1_000);
    o.put("status", s.getStatus().getStatusCode().name());
    ObjectNode attrs = o.putObject("attributes");
    s.getAttributes().forEach((k, v) -> attrs.put(k.getKey(), String.valueOf(v)));
    return o;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
