package io.tributary.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.lang.reflect.Field;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry Java SDK's own OTLP/HTTP log exporter, pointed at the local runtime with a
 * URL and a token, in protobuf (gzip) and in JSON: every record it sends is read back by query
 * with its service, host, severity, time, message and attributes. Bad bodies get OTLP's own
 * failure answer, never a 500, and the valid records of a partly bad request are kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpLogsOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private OtlpHttpLogRecordExporter exporter(boolean json, String compression) throws Exception {
    OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
        .setEndpoint(fx.uri("compat/otlp/v1/logs").toString())
        .addHeader("Authorization", "Bearer " + fx.token)
        .setCompression(compression);
    if (json) {
      // The SDK writes OTLP/JSON through the same exporter; its public builder does not offer the switch yet.
      Field delegate = OtlpHttpLogRecordExporterBuilder.class.getDeclaredField("delegate");
      delegate.setAccessible(true);
      ((HttpExporterBuilder) delegate.get(b)).exportAsJson();
    }
    return b.build();
  }

  /** Sends {@code lines} of {@code system} through the SDK, as service {@code service} on host {@code host}. */
  private void send(OtlpHttpLogRecordExporter exporter, String service, String host, List<String> lines,
      Instant base) {
    SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service,
            AttributeKey.stringKey("host.name"), host, AttributeKey.stringKey("deployment.environment"), "test")))
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).setMaxExportBatchSize(128).build())
        .build();
    Logger logger = provider.get("io.tributary.otlp-test");
    for (int i = 0; i < lines.size(); i++) {
      logger.logRecordBuilder()
          .setTimestamp(base.plusMillis(i))
          .setSeverity(i % 4 == 0 ? Severity.ERROR : Severity.INFO)
          .setSeverityText(i % 4 == 0 ? "ERROR" : "INFO")
          .setBody(lines.get(i))
          .setAttribute(AttributeKey.longKey("line"), (long) i)
          .setAttribute(AttributeKey.booleanKey("even"), i % 2 == 0)
          .emit();
    }
    CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
    assertTrue(flushed.isSuccess(), "the exporter reports every batch exported");
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  private void assertReadBack(String service, String host, List<String> lines, Instant base) throws Exception {
    fx.awaitProcessed();
    List<JsonNode> events = fx.queryAll(Map.of("services", List.of(service), "order", "oldest",
        "from", base.minusSeconds(1).toString(), "to", base.plusSeconds(3600).toString()));
    assertEquals(lines.size(), events.size(), "every record comes back once");
    events = events.stream().sorted(Comparator.comparingLong(e -> e.path("attributes").path("line").asLong()))
        .toList();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(lines.get(i), e.path("message").asText(), "record " + i);
      assertEquals(host, e.path("host").asText());
      assertEquals(i % 4 == 0 ? "ERROR" : "INFO", e.path("severity").asText(), e.toString());
      assertEquals(base.plusMillis(i), Instant.parse(e.path("timestamp").asText()), e.toString());
      assertEquals("test", e.path("attributes").path("deployment.environment").asText(), e.toString());
      assertEquals(i % 2 == 0, e.path("attributes").path("even").asBoolean(), e.toString());
      assertEquals("io.tributary.otlp-test", e.path("attributes").path("otel.scope.name").asText(), e.toString());
    }
  }

  @Test
  void theSdksProtobufExporterWithGzipIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("HDFS").subList(0, 300);
    Instant base = Instant.now().minusSeconds(600);
    OtlpHttpLogRecordExporter exporter = exporter(false, "gzip");
    send(exporter, "hdfs-otlp", "datanode-3", lines, base);
    assertReadBack("hdfs-otlp", "datanode-3", lines, base);
  }

  @Test
  void theSdksJsonExporterIsReadBackByQuery() throws Exception {
    List<String> lines = Loghub.lines("OpenSSH").subList(0, 150);
    Instant base = Instant.now().minusSeconds(900);
    OtlpHttpLogRecordExporter exporter = exporter(true, "none");
    send(exporter, "sshd-otlp", "bastion-1", lines, base);
    assertReadBack("sshd-otlp", "bastion-1", lines, base);
  }

  private HttpResponse<byte[]> post(String contentType, String encoding, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri("compat/otlp/v1/logs"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + fx.token)
        .header("Content-Type", contentType);
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A request of {@code lines} as OTLP/JSON: one resource, one scope, one record per line. */
  private static String jsonRequest(String service, List<String> bodies) {
    StringBuilder s = new StringBuilder("{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
        + "\"value\":{\"stringValue\":\"" + service + "\"}}]},\"scopeLogs\":[{\"logRecords\":[");
    for (int i = 0; i < bodies.size(); i++) {
      s.append(i == 0 ? "" : ",").append(bodies.get(i));
    }
    return s.append("]}]}]}").toString();
  }

  private static String record(String line, String traceId) {
    return "{\"body\":{\"stringValue\":" + new String(Json.bytes(line), StandardCharsets.UTF_8) + "},"
        + "\"severityNumber\":13,\"traceId\":\"" + traceId + "\"}";
  }

  @Test
  void aPartlyBadRequestKeepsTheValidRecordsAndCountsTheRestInPartialSuccess() throws Exception {
    List<String> lines = Loghub.lines("Zookeeper").subList(0, 4);
    String body = jsonRequest("zk-otlp", List.of(record(lines.get(0), "5b8efff798038103d269b633813fc60c"),
        record(lines.get(1), "not-a-trace-id"), record(lines.get(2), ""), "{\"severityNumber\":9}"));
    HttpResponse<byte[]> r = post("application/json", null, body.getBytes(StandardCharsets.UTF_8));
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertEquals(200, r.statusCode(), text);
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode partial = Json.mapper().readTree(r.body()).path("partialSuccess");
    assertEquals("2", partial.path("rejectedLogRecords").asText(), text);
    assertTrue(partial.path("errorMessage").asText().contains("#1 invalid_trace_id"), text);
    assertTrue(partial.path("errorMessage").asText().contains("#3 missing_message"), text);
    fx.awaitProcessed();
    List<JsonNode> kept = fx.queryAll(Map.of("services", List.of("zk-otlp"), "order", "oldest"));
    assertEquals(List.of(lines.get(0), lines.get(2)), kept.stream().map(e -> e.path("message").asText()).toList());
    assertEquals("WARN", kept.get(0).path("severity").asText());
    assertEquals("5b8efff798038103d269b633813fc60c", kept.get(0).path("traceId").asText(), kept.get(0).toString());
  }

  @Test
  void aTruncatedProtobufBodyIs400WithAStatusNeverA500() throws Exception {
    // A valid request as the SDK would send it, cut short: the field lengths run past the end.
    byte[] whole = protobufRequest("HealthApp", 40);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 7);
    HttpResponse<byte[]> r = post("application/x-protobuf", null, cut);
    assertEquals(400, r.statusCode());
    assertEquals("application/x-protobuf", r.headers().firstValue("Content-Type").orElse(""));
    // google.rpc.Status: field 1 (code) = 3 INVALID_ARGUMENT, field 2 the message.
    assertEquals(0x08, r.body()[0]);
    assertEquals(3, r.body()[1]);
    String message = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(message.contains("malformed_protobuf"), message);
    HttpResponse<byte[]> json = post("application/json", null, "{\"resourceLogs\":[{\"scopeLogs\":[".getBytes(
        StandardCharsets.UTF_8));
    assertEquals(400, json.statusCode());
    JsonNode status = Json.mapper().readTree(json.body());
    assertEquals(3, status.path("code").asInt());
    assertTrue(status.path("message").asText().startsWith("malformed_json"), status.toString());
    HttpResponse<byte[]> gzip = post("application/x-protobuf", "gzip", whole);
    assertEquals(400, gzip.statusCode(), "a body that says gzip and is not");
    assertTrue(new String(gzip.body(), StandardCharsets.UTF_8).contains("invalid_gzip"));
    HttpResponse<byte[]> empty = post("application/x-protobuf", null, new byte[0]);
    assertEquals(200, empty.statusCode(), "an export of nothing is a success");
    fx.awaitProcessed();
    assertEquals(0, fx.queryAll(Map.of("services", List.of("healthapp-otlp"))).size(), "nothing of the cut body kept");
  }

  /** An ExportLogsServiceRequest of {@code n} lines, written by hand in protobuf's wire format. */
  private static byte[] protobufRequest(String system, int n) {
    java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
    for (String line : Loghub.lines(system).subList(0, n)) {
      byte[] body = field(1, line.getBytes(StandardCharsets.UTF_8)); // AnyValue.string_value
      records.writeBytes(field(2, field(5, body))); // ScopeLogs.log_records { LogRecord.body }
    }
    byte[] resource = field(1, field(1, concat(field(1, "service.name".getBytes(StandardCharsets.UTF_8)),
        field(2, field(1, "healthapp-otlp".getBytes(StandardCharsets.UTF_8))))));
    return field(1, concat(resource, field(2, records.toByteArray())));
  }

  private static byte[] field(int number, byte[] value) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    varint(out, number << 3 | 2);
    varint(out, value.length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static void varint(java.io.ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
