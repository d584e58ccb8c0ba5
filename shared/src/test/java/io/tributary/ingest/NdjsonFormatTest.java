package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.LogEvent;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NDJSON under the format contract, on real Loghub lines. */
class NdjsonFormatTest extends IngestFormatContract {

  static final String NDJSON = "application/x-ndjson";

  @Override
  protected IngestFormat format() {
    return NdjsonFormat.INSTANCE;
  }

  /** One event object per Loghub line of {@code system}, {@code n} of them. */
  static List<String> objects(String system, int n) {
    List<String> out = new ArrayList<>();
    List<String> lines = Loghub.lines(system);
    for (int i = 0; i < n; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("timestamp", "2026-11-25T07:" + String.format("%02d:%02d", i / 60 % 60, i % 60) + "Z");
      e.put("level", i % 7 == 0 ? "error" : "info");
      e.put("service", system.toLowerCase(java.util.Locale.ROOT));
      e.put("message", lines.get(i % lines.size()));
      e.put("line", i);
      try {
        out.add(Json.mapper().writeValueAsString(e));
      } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
        throw new IllegalStateException(x);
      }
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(
        new Sample("hdfs", NDJSON, utf8(String.join("\n", objects("HDFS", 400)) + "\n")),
        new Sample("openssh crlf", NDJSON, utf8(String.join("\r\n", objects("OpenSSH", 50)))));
  }

  @Override
  protected List<Mixed> mixedBodies() {
    List<String> lines = new ArrayList<>(objects("Apache", 20));
    lines.set(3, "{\"level\":\"info\"}");
    lines.set(9, "not json at all");
    lines.set(12, "{\"message\":\"x\",\"timestamp\":\"yesterday\"}");
    return List.of(new Mixed(new Sample("apache with bad lines", NDJSON, utf8(String.join("\n", lines))),
        List.of(3, 9, 12), List.of(Reasons.MISSING_MESSAGE, Reasons.MALFORMED_JSON, Reasons.INVALID_TIMESTAMP)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    // NDJSON has no structure beyond lines: only a body of nothing but bad lines is refused.
    return List.of(new Sample("only garbage", NDJSON, utf8("garbage\n{\"a\":\n")));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (s.name().equals("hdfs")) {
      assertEquals(400, events.size());
      assertEquals(Loghub.lines("HDFS").get(5), events.get(5).message());
      assertEquals("hdfs", events.get(5).service());
      assertEquals(5L, events.get(5).attributes().get("line"));
    }
  }
}
