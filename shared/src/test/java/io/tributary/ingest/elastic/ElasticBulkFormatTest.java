package io.tributary.ingest.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.IngestFormatContract;
import io.tributary.ingest.Reasons;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Elasticsearch bulk under the format contract: ECS documents as Filebeat and Logstash write them. */
class ElasticBulkFormatTest extends IngestFormatContract {

  static final String NDJSON = "application/vnd.elasticsearch+x-ndjson; compatible-with=8";
  static final Instant BASE = Instant.parse("2026-11-25T07:00:00Z");

  @Override
  protected IngestFormat format() {
    return ElasticBulkFormat.INSTANCE;
  }

  /** An ECS document of Loghub line {@code i} of {@code system}, nested as Filebeat writes it. */
  static String doc(String system, int i) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("@timestamp", BASE.plusMillis(i).toString());
    d.put("message", Loghub.lines(system).get(i));
    d.put("log", Map.of("level", i % 3 == 0 ? "error" : "info", "logger", "org.example." + system));
    d.put("service", Map.of("name", system.toLowerCase(java.util.Locale.ROOT), "version", "2.1"));
    d.put("host", Map.of("name", "node-" + (i % 4), "ip", "10.0.0." + i));
    d.put("trace.id", "4bf92f3577b34da6a3ce929d0e0e" + String.format("%04x", i));
    d.put("event", Map.of("dataset", system + ".log", "sequence", i));
    return new String(Json.bytes(d), StandardCharsets.UTF_8);
  }

  static String bulk(String system, int n, String action) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(action).append('\n').append(doc(system, i)).append('\n');
    }
    return b.toString();
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("hdfs index", NDJSON, utf8(bulk("HDFS", 250, "{\"index\":{}}"))),
        new Sample("spark create with _index and _id", "application/x-ndjson", utf8(withIds("Spark", 300))));
  }

  /** {@code n} create actions with {@code _index} and an {@code _id} each (the largest sample: it travels as items). */
  static String withIds(String system, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("{\"create\":{\"_index\":\"logs-spark\",\"_id\":\"spark-").append(i).append("\"}}\r\n")
          .append(doc(system, i)).append("\r\n");
    }
    return b.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Items 1 (no document: the next line is an action), 3 (delete), 4 (update), 6 (bad time), 7 (no document), 8 (an _id that is not an id). */
  static String mixed() {
    List<String> lines = new ArrayList<>();
    lines.add("{\"index\":{}}");
    lines.add(doc("Apache", 0));
    lines.add("{\"index\":{\"_index\":\"apache\"}}");
    lines.add("{\"create\":{}}");
    lines.add(doc("Apache", 2));
    lines.add("{\"delete\":{\"_id\":\"a\"}}");
    lines.add("{\"update\":{\"_id\":\"b\"}}");
    lines.add("{\"doc\":{\"message\":\"x\"}}");
    lines.add("{\"index\":{}}");
    lines.add(doc("Apache", 5));
    lines.add("{\"index\":{}}");
    lines.add("{\"message\":\"m\",\"@timestamp\":\"not a time\"}");
    lines.add("{\"create\":{}}");
    lines.add("{\"index\":{\"_id\":\"not an id\"}}");
    lines.add(doc("Apache", 9));
    return String.join("\n", lines) + "\n";
  }

  @Override
  protected List<Mixed> mixedBodies() {
    return List.of(new Mixed(new Sample("apache with bad items", NDJSON, utf8(mixed())), List.of(1, 3, 4, 6, 7, 8),
        List.of(Reasons.MISSING_DOCUMENT, Reasons.UNSUPPORTED_ACTION, Reasons.UNSUPPORTED_ACTION,
            Reasons.INVALID_TIMESTAMP, Reasons.MISSING_DOCUMENT, Reasons.INVALID_ID)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    return List.of(new Sample("a document where an action goes", NDJSON, utf8(doc("HDFS", 1) + "\n")),
        new Sample("an unknown action", NDJSON, utf8("{\"upsert\":{}}\n" + doc("HDFS", 1) + "\n")),
        new Sample("not json", NDJSON, utf8("index me please\n")));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (s.name().startsWith("spark")) {
      assertEquals(300, events.size());
      for (int i = 0; i < events.size(); i++) {
        assertEquals("spark-" + i, events.get(i).id(), "_id is the event's id");
      }
      return;
    }
    if (!s.name().equals("hdfs index")) {
      return;
    }
    assertEquals(250, events.size());
    LogEvent e = events.get(9);
    assertEquals(Loghub.lines("HDFS").get(9), e.message());
    assertEquals("hdfs", e.service());
    assertEquals("node-1", e.host());
    assertEquals(Severity.ERROR, e.severity());
    assertEquals(Timestamps.ofInstant(BASE.plusMillis(9)), e.timeNanos());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e0009", e.traceId());
    assertEquals("org.example.HDFS", e.attributes().get("log.logger"));
    assertEquals("2.1", e.attributes().get("service.version"));
    assertEquals("10.0.0.9", e.attributes().get("host.ip"));
    assertEquals(9L, e.attributes().get("event.sequence"));
    assertNull(e.attributes().get("service.name"), "the service, not an attribute");
    assertEquals(26, e.id().length(), "without _id, the server's id");
  }
}
