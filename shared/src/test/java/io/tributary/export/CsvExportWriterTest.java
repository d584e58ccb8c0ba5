package io.tributary.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import io.tributary.parse.LogLineParser;
import io.tributary.parse.ParsedLine;
import io.tributary.testing.Loghub;
import io.tributary.testing.Rfc4180;
import io.tributary.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvExportWriterTest {

  private static final TenantId ACME = TenantId.of("acme");

  /** Real lines as processing would store them: the line as message, what the parser found as attributes. */
  static List<LogEvent> loghubEvents(String system, int limit) {
    LogLineParser parser = new LogLineParser();
    List<LogEvent> out = new ArrayList<>();
    long t = TestEvents.T0;
    for (String line : Loghub.lines(system)) {
      if (out.size() == limit) {
        break;
      }
      ParsedLine p = parser.parse(line, t);
      t += 1_000_000L;
      out.add(new LogEvent(EventIds.next(t / 1_000_000L), ACME, EventKind.TEXT, t, t + 5_000_000L,
          p.severity() == null ? Severity.INFO : p.severity(), p.severityText(), system.toLowerCase(),
          p.host() == null ? "h" : p.host(), line, p.attributes(), null, null, null, null));
    }
    return out;
  }

  private static String csv(List<LogEvent> events, List<String> fields) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportWriter w = ExportWriter.of(ExportFormat.CSV, fields, out);
    for (LogEvent e : events) {
      w.write(e);
    }
    w.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void realLinesWithQuotesAndCommasReadBackFieldForFieldUnderRfc4180() throws Exception {
    List<LogEvent> events = new ArrayList<>(loghubEvents("Android", 2000));
    events.addAll(loghubEvents("Zookeeper", 500));
    String text = csv(events, null);
    List<List<String>> rows = Rfc4180.parse(text);
    assertEquals(events.size() + 1, rows.size(), "a header and one record per event");
    List<String> header = rows.get(0);
    int message = header.indexOf("message");
    int id = header.indexOf("id");
    int timestamp = header.indexOf("timestamp");
    int quoted = 0;
    for (int i = 0; i < events.size(); i++) {
      List<String> row = rows.get(i + 1);
      LogEvent e = events.get(i);
      assertEquals(header.size(), row.size(), "every record has every column");
      assertEquals(e.message(), row.get(message));
      assertEquals(e.id(), row.get(id));
      assertEquals(Timestamps.format(e.timeNanos()), row.get(timestamp));
      if (e.message().contains("\"") || e.message().contains(",")) {
        quoted++;
      }
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        int col = header.indexOf("attributes." + a.getKey());
        String asWritten = CsvExportWriter.text(a.getValue());
        if (col >= 0) {
          assertEquals(asWritten, row.get(col), a.getKey());
        } else {
          JsonNode rest = Json.mapper().readTree(row.get(header.size() - 1));
          assertEquals(asWritten, rest.get(a.getKey()).asText(), a.getKey());
        }
      }
    }
    assertTrue(quoted > 900, "the sample holds many lines with quotes or commas: " + quoted);
  }

  @Test
  void newlinesQuotesAndUnicodeSurviveAndRecordsEndInCrlf() throws Exception {
    String line = Loghub.lines("Android").get(1);
    String[] messages = {
        line + "\nat com.android.server.Foo(Foo.java:42)\r\n\tat next",
        "\"quoted\" only",
        "Grüße, 東京 — naïve café 🚀 ½",
        "trailing space ",
        ""};
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      attrs.put("note", messages[i]);
      attrs.put("count", (long) i);
      attrs.put("ratio", i + 0.5);
      attrs.put("ok", i % 2 == 0);
      events.add(TestEvents.event(ACME, "e" + i, TestEvents.T0 + i, Severity.WARN, "svc,with comma", "h\"1",
          messages[i], attrs));
    }
    String text = csv(events, null);
    assertTrue(text.endsWith("\r\n"));
    List<List<String>> rows = Rfc4180.parse(text);
    List<String> header = rows.get(0);
    assertEquals(List.of("id", "timestamp", "ingestedAt", "severity", "severityText", "service", "host", "message",
        "traceId", "spanId", "patternId", "template", "attributes.count", "attributes.note", "attributes.ok",
        "attributes.ratio", "attributes"), header);
    for (int i = 0; i < messages.length; i++) {
      List<String> row = rows.get(i + 1);
      assertEquals(messages[i], row.get(header.indexOf("message")));
      assertEquals(messages[i], row.get(header.indexOf("attributes.note")));
      assertEquals("svc,with comma", row.get(header.indexOf("service")));
      assertEquals("h\"1", row.get(header.indexOf("host")));
      assertEquals(String.valueOf(i), row.get(header.indexOf("attributes.count")));
      assertEquals(String.valueOf(i + 0.5), row.get(header.indexOf("attributes.ratio")));
      assertEquals(String.valueOf(i % 2 == 0), row.get(header.indexOf("attributes.ok")));
      assertEquals("", row.get(header.indexOf("severityText")), "absent is an empty field");
      assertEquals("", row.get(header.size() - 1), "every attribute has its own column");
    }
  }

  @Test
  void attributesFirstSeenAfterTheLookaheadGoToTheLastColumnAsJson() throws Exception {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < CsvExportWriter.LOOKAHEAD + 3; i++) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      attrs.put("status", 200L + i);
      if (i >= CsvExportWriter.LOOKAHEAD) {
        attrs.put("late", "x,\"y\"");
      }
      events.add(TestEvents.event(ACME, String.format("e%05d", i), TestEvents.T0 + i, Severity.INFO, "s", "h",
          "m" + i, attrs));
    }
    List<List<String>> rows = Rfc4180.parse(csv(events, null));
    List<String> header = rows.get(0);
    assertTrue(header.contains("attributes.status"));
    assertTrue(!header.contains("attributes.late"));
    List<String> last = rows.get(rows.size() - 1);
    JsonNode rest = Json.mapper().readTree(last.get(header.size() - 1));
    assertEquals("x,\"y\"", rest.path("late").asText());
    assertNull(rest.get("status"), "an attribute with a column is not repeated");
    assertEquals(String.valueOf(200 + CsvExportWriter.LOOKAHEAD + 2), last.get(header.indexOf("attributes.status")));
  }

  @Test
  void fieldsChooseTheColumnsAfterIdAndTimestamp() throws Exception {
    List<LogEvent> events = loghubEvents("Zookeeper", 20);
    List<List<String>> rows = Rfc4180.parse(csv(events, List.of("message", "attributes.sid", "attributes")));
    assertEquals(List.of("id", "timestamp", "message", "attributes.sid", "attributes"), rows.get(0));
    for (int i = 0; i < events.size(); i++) {
      assertEquals(events.get(i).message(), rows.get(i + 1).get(2));
      JsonNode all = rows.get(i + 1).get(4).isEmpty() ? Json.mapper().createObjectNode()
          : Json.mapper().readTree(rows.get(i + 1).get(4));
      assertEquals(events.get(i).attributes().size(), all.size(), "the attributes column holds all of them");
    }
  }

  @Test
  void anEmptyExportIsTheHeaderAlone() throws Exception {
    assertEquals(List.of(List.of("id", "timestamp", "service")), Rfc4180.parse(csv(List.of(), List.of("service"))));
    assertEquals(1, Rfc4180.parse(csv(List.of(), null)).size());
  }
}
