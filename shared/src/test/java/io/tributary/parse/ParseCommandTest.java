package io.tributary.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

  private final ParseCommand command =
      new ParseCommand(Clock.fixed(Instant.parse("2018-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private List<JsonNode> output() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      nodes.add(Json.mapper().readTree(line));
    }
    return nodes;
  }

  @Test
  void writesOneObjectPerLineInInputOrder() throws Exception {
    String input = "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186\n"
        + "Dec 10 06:55:48 LabSZ sshd[24202]: Invalid user test9 from 52.80.34.196\n"
        + "\n"
        + "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating\n";
    int status = command.run(List.of(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
        new PrintStream(err));
    assertEquals(0, status);
    List<JsonNode> nodes = output();
    assertEquals(4, nodes.size());
    JsonNode first = nodes.get(0);
    assertEquals("2017-12-10T06:55:46Z", first.get("timestamp").asText());
    assertEquals("sshd", first.get("component").asText());
    assertEquals("LabSZ", first.get("host").asText());
    assertEquals("24200", first.get("pid").asText());
    assertEquals("Invalid user <*> from <*>", nodes.get(1).get("template").asText());
    // Ids are those of the template when the line was mined; the first line's generalised.
    assertEquals(io.tributary.pattern.PatternMiner.idOf("Invalid user webmaster from <*>"), first.get("patternId").asText());
    assertEquals(io.tributary.pattern.PatternMiner.idOf("Invalid user <*> from <*>"), nodes.get(1).get("patternId").asText());
    assertTrue(first.get("attributes").isObject());
    assertEquals("", nodes.get(2).get("message").asText());
    assertTrue(nodes.get(2).get("timestamp").isNull());
    assertEquals("INFO", nodes.get(3).get("severity").asText());
    assertEquals("2008-11-09T20:36:15Z", nodes.get(3).get("timestamp").asText());
    for (String field : List.of("timestamp", "severity", "component", "host", "pid", "attributes", "patternId",
        "template", "message")) {
      assertTrue(first.has(field), field);
    }
  }

  @Test
  void readsFilesAndReportsMissingOnesWithoutStopping(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.log");
    Files.write(a, new byte[] {'o', 'k', '\n', (byte) 0xff, (byte) 0xfe, 0, 'x', '\n'});
    int status = command.run(List.of(dir.resolve("missing.log").toString(), a.toString()),
        new ByteArrayInputStream(new byte[0]), out, new PrintStream(err));
    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing.log"));
    List<JsonNode> nodes = output();
    assertEquals(2, nodes.size());
    assertEquals("ok", nodes.get(0).get("message").asText());
    assertTrue(nodes.get(1).get("message").asText().endsWith("x"));
  }
}
