package io.tributary.ingest.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.IngestFormatContract;
import io.tributary.ingest.Reasons;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loki push in JSON under the format contract: Loghub lines in streams, out of order and years old. */
class LokiJsonFormatTest extends IngestFormatContract {

  static final String JSON = "application/json";

  @Override
  protected IngestFormat format() {
    return LokiJsonFormat.INSTANCE;
  }

  @Override
  protected List<Sample> validBodies() {
    return List.of(new Sample("hdfs, openssh and apache", JSON, LokiSamples.json(60)),
        new Sample("one entry each", JSON, LokiSamples.json(1)));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Entries 1 (time not digits), 2 (an empty line), 3 (not an array), 5 and 6 (a stream whose
   * label value is a number), 7 (one element), 8 (a lone surrogate); 0 and 4 are valid.
   */
  static String mixed() {
    String line = Loghub.lines("OpenSSH").get(3).replace("\\", "\\\\").replace("\"", "\\\"");
    return "{\"streams\":[{\"stream\":{\"app\":\"sshd\"},\"values\":[[\"1551434400000000000\",\"" + line + "\"],"
        + "[\"2019-03-01T10:00:00Z\",\"" + line + "\"],[\"1551434400000000001\",\"\"],\"not an entry\","
        + "[\"1551434400000000002\",\"" + line + "\",{\"level\":\"warn\"}]]},"
        + "{\"values\":[[\"1551434400000000003\",\"x\"],[\"1551434400000000004\",\"y\"]],\"stream\":{\"port\":22}},"
        + "{\"stream\":{},\"values\":[[\"1551434400000000005\"],[\"1551434400000000006\",\"half \\uD83D a pair\"]]}]}";
  }

  @Override
  protected List<Mixed> mixedBodies() {
    return List.of(new Mixed(new Sample("openssh with bad entries", JSON, utf8(mixed())), List.of(1, 2, 3, 5, 6, 7, 8),
        List.of(Reasons.INVALID_TIMESTAMP, Reasons.MISSING_MESSAGE, Reasons.INVALID_FIELD_TYPE,
            Reasons.INVALID_LABELS, Reasons.INVALID_LABELS, Reasons.INVALID_FIELD_TYPE, Reasons.INVALID_UTF8)));
  }

  @Override
  protected List<Sample> unreadableBodies() {
    return List.of(new Sample("not json", JSON, utf8("level=info msg=hello\n")),
        new Sample("streams not an array", JSON, utf8("{\"streams\":{\"stream\":{}}}")),
        new Sample("cut short", JSON, java.util.Arrays.copyOf(LokiSamples.json(3), 100)));
  }

  @Override
  protected void checkEvents(Sample s, List<LogEvent> events) {
    if (!s.name().startsWith("hdfs")) {
      return;
    }
    assertEquals(180, events.size());
    LogEvent e = events.get(60 + 7);
    assertEquals(Loghub.lines("OpenSSH").get(7), e.message());
    assertEquals("openssh", e.service());
    assertEquals("node-7", e.host());
    assertEquals(Timestamps.ofInstant(LokiSamples.BASE.minusSeconds(7)) + 7, e.timeNanos(), "old and out of order");
    assertEquals(Severity.ERROR, e.severity(), "structured metadata level");
    assertEquals("error", e.severityText());
    assertEquals("t7", e.attributes().get("trace_id"));
    assertEquals("varlogs", e.attributes().get("job"));
    assertEquals("prod", e.attributes().get("env"));
    assertNull(e.attributes().get("service_name"), "the service, not an attribute");
    assertNull(e.attributes().get("level"), "the severity, not an attribute");
    assertEquals("worker-8", events.get(8).attributes().get("thread"));
    assertEquals(Severity.INFO, events.get(8).severity());
  }
}
