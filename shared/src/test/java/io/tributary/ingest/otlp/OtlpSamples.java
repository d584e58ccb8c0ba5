package io.tributary.ingest.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP requests made from real Loghub lines, as the generated opentelemetry-proto classes write
 * them (protobuf) and in OTLP/JSON from the same messages: two resources (one per system), one
 * scope each, records with every kind of attribute value, trace and span ids, and severities.
 */
final class OtlpSamples {

  /** 2026-11-25T07:00:00Z in nanoseconds; the tests' clock is 08:00. */
  static final long BASE_NANOS = java.time.Instant.parse("2026-11-25T07:00:00Z").getEpochSecond() * 1_000_000_000L;

  private OtlpSamples() {
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  static Resource resource(String service, String host) {
    return Resource.newBuilder().addAttributes(kv("service.name", str(service)))
        .addAttributes(kv("host.name", str(host)))
        .addAttributes(kv("k8s.namespace.name", str("prod"))).build();
  }

  /** Record {@code i} of {@code system}: its Loghub line as the body. */
  static LogRecord record(String system, int i) {
    List<String> lines = Loghub.lines(system);
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    for (int k = 0; k < 16; k++) {
      trace[k] = (byte) (i * 31 + k + 1);
    }
    for (int k = 0; k < 8; k++) {
      span[k] = (byte) (i * 7 + k + 1);
    }
    boolean error = i % 5 == 0;
    return LogRecord.newBuilder()
        .setTimeUnixNano(BASE_NANOS + i * 1_000_000L)
        .setObservedTimeUnixNano(BASE_NANOS + i * 1_000_000L + 5)
        .setSeverityNumber(error ? io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_ERROR
            : io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_INFO)
        .setSeverityText(error ? "ERROR" : "INFO")
        .setBody(str(lines.get(i % lines.size())))
        .addAttributes(kv("line.number", AnyValue.newBuilder().setIntValue(i).build()))
        .addAttributes(kv("sampled", AnyValue.newBuilder().setBoolValue(i % 2 == 0).build()))
        .addAttributes(kv("duration.ms", AnyValue.newBuilder().setDoubleValue(i + 0.25).build()))
        .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(str("a")).addValues(AnyValue.newBuilder().setIntValue(2).build())).build()))
        .addAttributes(kv("http", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(kv("method", str(i % 3 == 0 ? "GET" : "POST")))
            .addValues(kv("status", AnyValue.newBuilder().setIntValue(200 + i % 3).build()))).build()))
        .setTraceId(ByteString.copyFrom(trace))
        .setSpanId(ByteString.copyFrom(span))
        .build();
  }

  static ScopeLogs scope(String system, int from, int to) {
    ScopeLogs.Builder s = ScopeLogs.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("io.tributary.sample").setVersion("1.2.0")
            .addAttributes(kv("scope.attr", str("s"))));
    for (int i = from; i < to; i++) {
      s.addLogRecords(record(system, i));
    }
    return s.build();
  }

  /** Two resources: {@code n} HDFS records on one, {@code n / 2} OpenSSH records on the other. */
  static ExportLogsServiceRequest request(int n) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource("hdfs", "node-7")).addScopeLogs(
            scope("HDFS", 0, n)))
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource("sshd", "bastion")).addScopeLogs(
            scope("OpenSSH", 0, n / 2)))
        .build();
  }

  // ---- OTLP/JSON of the same messages ----------------------------------------------------------

  static byte[] json(ExportLogsServiceRequest req) {
    return Json.bytes(jsonNode(req));
  }

  static ObjectNode jsonNode(ExportLogsServiceRequest req) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ArrayNode rls = root.putArray("resourceLogs");
    for (ResourceLogs rl : req.getResourceLogsList()) {
      ObjectNode r = rls.addObject();
      if (rl.hasResource()) {
        r.putObject("resource").set("attributes", attributes(rl.getResource().getAttributesList()));
      }
      ArrayNode sls = r.putArray("scopeLogs");
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        ObjectNode s = sls.addObject();
        if (sl.hasScope()) {
          ObjectNode scope = s.putObject("scope");
          scope.put("name", sl.getScope().getName());
          scope.put("version", sl.getScope().getVersion());
          scope.set("attributes", attributes(sl.getScope().getAttributesList()));
        }
        ArrayNode recs = s.putArray("logRecords");
        for (LogRecord lr : sl.getLogRecordsList()) {
          ObjectNode o = recs.addObject();
          if (lr.getTimeUnixNano() != 0) {
            o.put("timeUnixNano", Long.toUnsignedString(lr.getTimeUnixNano()));
          }
          if (lr.getObservedTimeUnixNano() != 0) {
            o.put("observedTimeUnixNano", Long.toUnsignedString(lr.getObservedTimeUnixNano()));
          }
          if (lr.getSeverityNumberValue() != 0) {
            o.put("severityNumber", lr.getSeverityNumberValue());
          }
          if (!lr.getSeverityText().isEmpty()) {
            o.put("severityText", lr.getSeverityText());
          }
          if (lr.hasBody()) {
            o.set("body", value(lr.getBody()));
          }
          o.set("attributes", attributes(lr.getAttributesList()));
          if (!lr.getTraceId().isEmpty()) {
            o.put("traceId", HexFormat.of().formatHex(lr.getTraceId().toByteArray()));
          }
          if (!lr.getSpanId().isEmpty()) {
            o.put("spanId", HexFormat.of().formatHex(lr.getSpanId().toByteArray()));
          }
        }
      }
    }
    return root;
  }

  private static ArrayNode attributes(List<KeyValue> kvs) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (KeyValue kv : kvs) {
      ObjectNode o = a.addObject();
      o.put("key", kv.getKey());
      o.set("value", value(kv.getValue()));
    }
    return a;
  }

  private static ObjectNode value(AnyValue v) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    switch (v.getValueCase()) {
      case STRING_VALUE: o.put("stringValue", v.getStringValue()); break;
      case BOOL_VALUE: o.put("boolValue", v.getBoolValue()); break;
      case INT_VALUE: o.put("intValue", Long.toString(v.getIntValue())); break;
      case DOUBLE_VALUE: o.put("doubleValue", v.getDoubleValue()); break;
      case BYTES_VALUE: o.put("bytesValue", java.util.Base64.getEncoder().encodeToString(v.getBytesValue()
          .toByteArray())); break;
      case ARRAY_VALUE: {
        ArrayNode values = o.putObject("arrayValue").putArray("values");
        v.getArrayValue().getValuesList().forEach(x -> values.add(value(x)));
        break;
      }
      case KVLIST_VALUE:
        o.putObject("kvlistValue").set("values", attributes(v.getKvlistValue().getValuesList()));
        break;
      default:
        break;
    }
    return o;
  }
}
