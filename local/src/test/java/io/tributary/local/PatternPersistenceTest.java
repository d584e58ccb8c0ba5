package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A line keeps its pattern id across a restart, whatever order lines come in afterwards. */
class PatternPersistenceTest {

  @TempDir
  Path dir;

  private static Map<String, String> patternsByMessage(RuntimeFixture fx) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (JsonNode e : fx.queryAll(Map.of("services", List.of("hdfs")))) {
      assertNotNull(e.get("patternId"), "every stored event has a pattern");
      out.put(e.get("message").asText(), e.get("patternId").asText());
    }
    return out;
  }

  @Test
  void patternIdsSurviveARestart() throws Exception {
    List<String> lines = Loghub.lines("HDFS");
    byte[] first = (String.join("\n", lines.subList(0, 1000)) + "\n").getBytes(StandardCharsets.UTF_8);
    Map<String, String> before;
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      assertEquals(202, fx.ingest("text/plain", first, "service=hdfs").statusCode());
      fx.awaitProcessed();
      before = patternsByMessage(fx);
    }
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      // The same lines again in reverse order, so fresh miners would found their patterns on
      // other lines (and name them otherwise); restored miners know them already.
      List<String> reversed = new java.util.ArrayList<>(lines.subList(0, 1000));
      java.util.Collections.reverse(reversed);
      byte[] again = (String.join("\n", reversed) + "\n").getBytes(StandardCharsets.UTF_8);
      assertEquals(202, fx.ingest("text/plain", again, "service=hdfs").statusCode());
      fx.awaitProcessed();
      Map<String, String> after = new HashMap<>();
      for (JsonNode e : fx.queryAll(Map.of("services", List.of("hdfs")))) {
        after.merge(e.get("message").asText() + "|" + e.get("patternId").asText(), "x", (a, b) -> a);
      }
      for (Map.Entry<String, String> b : before.entrySet()) {
        assertEquals("x", after.get(b.getKey() + "|" + b.getValue()), "same pattern for: " + b.getKey());
      }
    }
  }
}
