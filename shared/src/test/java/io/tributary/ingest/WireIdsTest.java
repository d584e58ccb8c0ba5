package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tributary.frame.FrameCodec;
import io.tributary.testing.InMemoryEventLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire ids every format writes into its frames (byte 4 of a version 2 frame) are pinned:
 * changing or reusing one would make frames already written read as another format. The first
 * five are the layouts of the frames written before formats were plug-ins, so those frames read
 * as before (their golden fixtures are {@code GoldenFormatsTest}'s).
 */
class WireIdsTest {

  /** name → {body, items}; never change a pair, only add. */
  private static final Map<String, List<Integer>> PINNED = new LinkedHashMap<>();

  static {
    PINNED.put("ndjson", List.of(0, 3));
    PINNED.put("text", List.of(1, 4));
    PINNED.put("json", List.of(2, 3));
    PINNED.put("otlp-protobuf", List.of(6, 7));
    PINNED.put("otlp-json", List.of(8, 9));
    PINNED.put("elasticsearch-bulk", List.of(10, 11));
    PINNED.put("loki-json", List.of(12, 13));
    PINNED.put("loki-protobuf", List.of(14, 15));
    PINNED.put("syslog", List.of(16, 17));
  }

  @Test
  void everyFormatWritesItsPinnedWireIds() {
    Map<String, List<Integer>> actual = new LinkedHashMap<>();
    for (IngestFormat f : IngestFormats.standard().all()) {
      actual.put(f.name(), List.of(f.bodyLayout().code(), f.itemsLayout().code()));
    }
    assertEquals(PINNED, actual);
  }

  @Test
  void theWireIdIsByteFourOfEveryFrameAFormatPublishes() {
    Map<String, String[]> bodies = Map.of(
        "ndjson", new String[] {"application/x-ndjson", "{\"message\":\"a\"}"},
        "text", new String[] {"text/plain", "a line"},
        "json", new String[] {"application/json", "[{\"message\":\"a\"}]"},
        "otlp-json", new String[] {"application/json", "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":"
            + "[{\"body\":{\"stringValue\":\"a\"}}]}]}]}"},
        "elasticsearch-bulk", new String[] {"application/x-ndjson", "{\"index\":{}}\n{\"message\":\"a\"}\n"},
        "syslog", new String[] {"text/plain", "<14>1 - - - - - - a\n"},
        "loki-json", new String[] {"application/json", "{\"streams\":[{\"stream\":{},\"values\":[[\"1\",\"a\"]]}]}"});
    // loki-protobuf: streams { labels: "{}" entries { line: "a" } }, as one snappy literal of 11 bytes
    byte[] loki = {0x0B, 0x28, 0x0A, 0x09, 0x0A, 0x02, '{', '}', 0x12, 0x03, 0x12, 0x01, 'a'};
    for (IngestFormat f : IngestFormats.standard().all()) {
      String[] b = bodies.get(f.name());
      // otlp-protobuf: resource_logs { scope_logs { log_records { body { string_value: "a" } } } }
      byte[] body = f.name().equals("loki-protobuf") ? loki : b == null ? new byte[] {0x0A, 0x09, 0x12, 0x07, 0x12, 0x05, 0x2A, 0x03, 0x0A, 0x01, 'a'}
          : b[1].getBytes(StandardCharsets.UTF_8);
      String type = b == null ? "application/x-protobuf" : b[0];
      InMemoryEventLog log = new InMemoryEventLog(1);
      IngestService s = new IngestService(log, new FrameCodec(), IngestLimits.defaults(),
          Clock.fixed(IngestReplayCheck.NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
      IngestResult r = s.ingest(f.route(), new IngestRequest(IngestReplayCheck.TENANT, type, null, body,
          EventDefaults.none()), null);
      assertInstanceOf(IngestResult.Accepted.class, r, f.name() + ": " + r);
      byte[] frame = log.frames().get(log.frames().size() - 1);
      assertEquals(f.bodyLayout().code(), frame[4], f.name());
      assertEquals(1, FrameEvents.decode(frame).events().size(), f.name());
    }
  }
}
