package io.tributary.ingest.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.IngestFormatContract;
import io.tributary.ingest.Reasons;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** OTLP/HTTP JSON under the format contract, the same messages as the protobuf test. */
class OtlpJsonFormatTest extends IngestFormatContract {

  static final String JSON = "application/json";

  @Override
  protected IngestFormat format() {
    return OtlpJsonFormat.INSTANCE;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("hdfs and openssh", JSON, OtlpSamples.json(OtlpSamples.request(200))),
        new Sample("one record", JSON, OtlpSamples.json(OtlpSamples.request(1))));
  }

  @Override
  protected List<Mixed> mixedBodies() {
    ObjectNode root = OtlpSamples.jsonNode(OtlpSamples.request(6));
    ArrayNode records = (ArrayNode) root.get("resourceLogs").get(0).get("scopeLogs").get(0).get("logRecords");
    ((ObjectNode) records.get(1)).put("traceId", "not-hex");
    ((ObjectNode) records.get(2)).remove("body");
    ((ObjectNode) records.get(4)).put("timeUnixNano", "yesterday");
    ((ObjectNode) records.get(5)).putArray("attributes").addObject().put("key", "n").putObject("value")
        .put("intValue", "1.5");
    return List.of(new Mixed(new Sample("hdfs with bad records", JSON, Json.bytes(root)), List.of(1, 2, 4, 5),
        List.of(Reasons.INVALID_TRACE_ID, Reasons.MISSING_MESSAGE, Reasons.INVALID_TIMESTAMP,
            Reasons.INVALID_FIELD_TYPE)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    byte[] whole = OtlpSamples.json(OtlpSamples.request(5));
    return List.of(new Sample("truncated", JSON, java.util.Arrays.copyOf(whole, whole.length / 2)),
        new Sample("an array", JSON, "[]".getBytes(StandardCharsets.UTF_8)),
        new Sample("resourceLogs a number", JSON, "{\"resourceLogs\":5}".getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (!s.name().equals("hdfs and openssh")) {
      return;
    }
    assertEquals(300, events.size());
    LogEvent e = events.get(10);
    assertEquals("hdfs", e.service());
    assertEquals("node-7", e.host());
    assertEquals(Loghub.lines("HDFS").get(10), e.message());
    assertEquals(Severity.ERROR, e.severity());
    assertEquals(OtlpSamples.BASE_NANOS + 10_000_000L, e.timeNanos());
    assertEquals(10L, e.attributes().get("line.number"));
    assertEquals("POST", e.attributes().get("http.method"));
    assertEquals(201L, e.attributes().get("http.status"));
    assertEquals("[\"a\",2]", e.attributes().get("tags"));
  }
}
