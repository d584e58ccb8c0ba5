package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.Role;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tributary export} against a running runtime: it starts a job, shows its progress up to
 * 100 %, and writes a file equal byte for byte to the streaming export of the same filters; a bad
 * format is refused with the API's reason, exit code 2.
 */
class ExportCommandTest {

  @TempDir
  Path dir;

  @Test
  void theCommandFollowsTheJobToTheEndAndWritesItsFile() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir.resolve("data"))) {
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ, Role.LOGS_EXPORT);
      byte[] lines = Files.readAllBytes(Loghub.dir().resolve("Zookeeper").resolve("Zookeeper_2k.log"));
      assertEquals(202, fx.ingestAs(acme, "text/plain", lines, "service=zookeeper").statusCode());
      fx.awaitProcessed();
      Path tokenFile = dir.resolve("token");
      Files.writeString(tokenFile, acme);
      Path out = dir.resolve("zookeeper.csv");
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      String url = "http://127.0.0.1:" + fx.runtime.port();
      int code = ExportCommand.run(new String[] {"export", "--tenant", "acme", "--format", "csv", "--q", "WARN",
          "--out", out.toString(), "--url", url, "--token-file", tokenFile.toString(), "--data",
          dir.resolve("data").toString()}, new PrintStream(stdout, true), new PrintStream(stderr, true), Map.of());
      String err = stderr.toString(StandardCharsets.UTF_8);
      assertEquals(0, code, err);
      assertTrue(err.contains("100%") && err.contains("completed"), err);
      HttpResponse<byte[]> streamed = fx.http.send(HttpRequest.newBuilder(fx.uri("logs/export?format=csv&q=WARN"))
          .header("Authorization", "Bearer " + acme).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, streamed.statusCode());
      assertTrue(streamed.body().length > 1_000, "WARN lines of Zookeeper were exported");
      assertArrayEquals(streamed.body(), Files.readAllBytes(out), "the job's file is the streaming export");
      assertTrue(stdout.toString(StandardCharsets.UTF_8).strip().matches("[A-Za-z0-9-]+"), "the job id on stdout");

      ByteArrayOutputStream bad = new ByteArrayOutputStream();
      assertEquals(2, ExportCommand.run(new String[] {"export", "--tenant", "acme", "--format", "xlsx", "--url", url,
          "--token-file", tokenFile.toString(), "--data", dir.resolve("data").toString()},
          new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(bad, true), Map.of()));
      assertTrue(bad.toString(StandardCharsets.UTF_8).contains("invalid_format"), bad.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void progressIsOneRedrawnLineOnATerminalAndAFewLinesElsewhere() {
    assertEquals("[###############---------------]  50%  1,234,567 events  120.5 MB",
        ExportCommand.Progress.line(50, 1_234_567, 120_500_000));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ExportCommand.Progress p = new ExportCommand.Progress(new PrintStream(log, true), false);
    for (int i = 0; i <= 100; i++) {
      p.show(io.tributary.json.Json.mapper().createObjectNode().put("percent", i).put("events", i).put("bytes", i));
    }
    assertEquals(11, log.toString(StandardCharsets.UTF_8).lines().count(), "one line per 10 %");
  }
}
