package io.tributary.ingest.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.IngestFormatContract;
import io.tributary.ingest.Reasons;
import io.tributary.testing.Loghub;
import java.util.Arrays;
import java.util.List;

/** OTLP/HTTP protobuf under the format contract, on requests the opentelemetry-proto classes wrote. */
class OtlpProtobufFormatTest extends IngestFormatContract {

  static final String PROTOBUF = "application/x-protobuf";

  @Override
  protected IngestFormat format() {
    return OtlpProtobufFormat.INSTANCE;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("hdfs and openssh", PROTOBUF, OtlpSamples.request(200).toByteArray()),
        new Sample("one record", PROTOBUF, OtlpSamples.request(1).toByteArray()));
  }

  /** A request whose records 1, 3, 4 and 6 are bad in four ways (the envelope intact). */
  static ExportLogsServiceRequest mixed() {
    ScopeLogs.Builder s = OtlpSamples.scope("Spark", 0, 8).toBuilder();
    s.setLogRecords(1, s.getLogRecords(1).toBuilder().setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3})));
    s.setLogRecords(3, s.getLogRecords(3).toBuilder().clearBody());
    s.setLogRecords(4, s.getLogRecords(4).toBuilder().setTimeUnixNano(OtlpSamples.BASE_NANOS
        + 3 * 86_400_000_000_000L));
    // Field 1 (timeUnixNano, fixed64) sent as a length-delimited field: the record does not parse.
    s.setLogRecords(6, s.getLogRecords(6).toBuilder().clearTimeUnixNano().setUnknownFields(UnknownFieldSet
        .newBuilder().addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x"))
            .build()).build()));
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(OtlpSamples.resource("spark", "worker-2")).addScopeLogs(s)).build();
  }

  static final List<Integer> MIXED_INDEXES = List.of(1, 3, 4, 6);
  static final List<String> MIXED_CODES = List.of(Reasons.INVALID_TRACE_ID, Reasons.MISSING_MESSAGE,
      Reasons.TIMESTAMP_IN_FUTURE, Reasons.MALFORMED_PROTOBUF);

  @Override
  protected List<Mixed> mixedBodies() {
    return List.of(new Mixed(new Sample("spark with bad records", PROTOBUF, mixed().toByteArray()), MIXED_INDEXES,
        MIXED_CODES));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    byte[] whole = OtlpSamples.request(20).toByteArray();
    return List.of(new Sample("truncated", PROTOBUF, Arrays.copyOf(whole, whole.length / 2)),
        new Sample("length past the end", PROTOBUF, new byte[] {0x0A, 0x7F, 0x01}),
        new Sample("resourceLogs as a varint", PROTOBUF, new byte[] {0x08, 0x01}));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (!s.name().equals("hdfs and openssh")) {
      return;
    }
    assertEquals(300, events.size());
    LogEvent e = events.get(5);
    assertEquals("hdfs", e.service());
    assertEquals("node-7", e.host());
    assertEquals(Loghub.lines("HDFS").get(5), e.message());
    assertEquals(Severity.ERROR, e.severity());
    assertEquals("ERROR", e.severityText());
    assertEquals(OtlpSamples.BASE_NANOS + 5_000_000L, e.timeNanos());
    LogRecord sent = OtlpSamples.record("HDFS", 5);
    assertEquals(java.util.HexFormat.of().formatHex(sent.getTraceId().toByteArray()), e.traceId());
    assertEquals(java.util.HexFormat.of().formatHex(sent.getSpanId().toByteArray()), e.spanId());
    assertEquals("prod", e.attributes().get("k8s.namespace.name"));
    assertNull(e.attributes().get("service.name"), "service.name is the service, not an attribute");
    assertEquals("io.tributary.sample", e.attributes().get("otel.scope.name"));
    assertEquals("1.2.0", e.attributes().get("otel.scope.version"));
    assertEquals("s", e.attributes().get("scope.attr"));
    assertEquals(5L, e.attributes().get("line.number"));
    assertEquals(false, e.attributes().get("sampled"));
    assertEquals(5.25, e.attributes().get("duration.ms"));
    assertEquals("[\"a\",2]", e.attributes().get("tags"));
    assertEquals("POST", e.attributes().get("http.method"));
    assertEquals(202L, e.attributes().get("http.status"));
    LogEvent ssh = events.get(200 + 3);
    assertEquals("sshd", ssh.service());
    assertEquals("bastion", ssh.host());
    assertEquals(Loghub.lines("OpenSSH").get(3), ssh.message());
    assertEquals(Severity.INFO, ssh.severity());
  }
}
