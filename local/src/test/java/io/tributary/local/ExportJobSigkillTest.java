package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.local.testing.ChildRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export job survives a SIGKILL of the whole local runtime: the runtime runs as a child process
 * (its parts made small and slow by test properties), is killed with {@code kill -9} by its PID
 * while the job is between parts, and started again on the same data folder; the job resumes and
 * its file is, byte for byte, the streaming export of the same filters — no event missing or
 * repeated.
 */
class ExportJobSigkillTest {

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private ChildRuntime start(int n) throws Exception {
    return ChildRuntime.start(dir, n, Map.of("tributary.test.export.partEvents", "1000",
        "tributary.test.export.partPauseMillis", "700"), Map.of());
  }

  @Test
  void anExportJobKilledWithSigkillResumesAfterARestartAndItsFileIsExact() throws Exception {
    String body = "{\"format\":\"csv\",\"q\":\"-PacketResponder\"}";
    ChildRuntime first = start(1);
    String location;
    try {
      first.ingestLoghub("HDFS", "Android");
      first.awaitStored(4000);
      HttpResponse<String> started = first.call("POST", "exports", body);
      assertEquals(202, started.statusCode(), started.body());
      location = started.headers().firstValue("Location").orElseThrow().substring("/api/".length());
      assertTrue(first.awaitLog("export part written", 2), "two parts written before the kill: " + first.log());
    } finally {
      first.kill9();
    }
    assertEquals(137, first.process().exitValue(), "killed by SIGKILL");

    ChildRuntime second = start(2);
    try {
      JsonNode done = second.awaitEnded(location);
      assertEquals("completed", done.path("state").asText(), done + "\n" + second.log());
      byte[] file = Files.readAllBytes(Path.of(URI.create(done.path("result").path("url").asText())));
      HttpResponse<byte[]> streamed = http.send(HttpRequest.newBuilder(second.base().resolve(
          "logs/export?format=csv&q=-PacketResponder")).header("Authorization", "Bearer " + ChildRuntime.token()).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, streamed.statusCode());
      assertArrayEquals(streamed.body(), file, "the job's file is the streaming export, byte for byte");
      long rows = new String(file, java.nio.charset.StandardCharsets.UTF_8).split("\r\n").length - 1;
      assertEquals(done.path("result").path("events").asLong(), rows);
      assertTrue(rows > 2000, "most of the 4,000 lines: " + rows);
      assertTrue(second.log().contains("export part written"), "parts ran after the restart");
    } finally {
      second.stop();
    }
  }
}
