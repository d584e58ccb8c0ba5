package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private record Child(Process process, URI base, Path log) {
  }

  private Child start(int n) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child-" + n + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dtributary.test.export.partEvents=1000", "-Dtributary.test.export.partPauseMillis=700",
        "-cp", cp, "io.tributary.local.Main", "up", "--data", dir.resolve("data").toString(), "--port", "0"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TRIBUTARY_JWT_SECRET", SECRET);
    pb.environment().put("TRIBUTARY_CURSOR_SECRET", SECRET);
    Process p = pb.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return new Child(p, URI.create(m.group(1)), log);
      }
      assertTrue(p.isAlive(), () -> "child died: " + read(log));
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("child did not start: " + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static String token() {
    return new TokenIssuer(Base64.getDecoder().decode(SECRET), "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("acme"), Instant.now(), Duration.ofHours(1));
  }

  private HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitStored(URI base, int events) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> r = call(base, "POST", "logs/aggregate", "{\"from\":\"2000-01-01T00:00:00Z\"}");
      if (r.statusCode() == 200 && Json.mapper().readTree(r.body()).path("total").asInt() == events) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "not all stored: " + r.body());
      Thread.sleep(100);
    }
  }

  /** Waits until the child's log says {@code text} {@code times} times. */
  private static boolean awaitLog(Child c, String text, int times) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && c.process().isAlive()) {
      String log = read(c.log());
      int n = 0;
      for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
        n++;
      }
      if (n >= times) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void anExportJobKilledWithSigkillResumesAfterARestartAndItsFileIsExact() throws Exception {
    String body = "{\"format\":\"csv\",\"q\":\"-PacketResponder\"}";
    Child first = start(1);
    String location;
    try {
      for (String system : List.of("HDFS", "Android")) {
        byte[] lines = Files.readAllBytes(Loghub.dir().resolve(system).resolve(system + "_2k.log"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(first.base().resolve("logs/ingest?service="
            + system.toLowerCase())).header("Authorization", "Bearer " + token()).header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofByteArray(lines)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
      }
      awaitStored(first.base(), 4000);
      HttpResponse<String> started = call(first.base(), "POST", "exports", body);
      assertEquals(202, started.statusCode(), started.body());
      location = started.headers().firstValue("Location").orElseThrow().substring("/api/".length());
      assertTrue(awaitLog(first, "export part written", 2), "two parts written before the kill: " + read(first.log()));
    } finally {
      // SIGKILL by PID: no shutdown hook, no close, no flush.
      new ProcessBuilder("kill", "-9", Long.toString(first.process().pid())).inheritIO().start().waitFor();
      first.process().waitFor();
    }
    assertEquals(137, first.process().exitValue(), "killed by SIGKILL");

    Child second = start(2);
    try {
      JsonNode done;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        HttpResponse<String> r = call(second.base(), "GET", location, null);
        assertEquals(200, r.statusCode(), r.body());
        done = Json.mapper().readTree(r.body());
        if (!done.path("state").asText().equals("running")) {
          break;
        }
        assertTrue(System.nanoTime() < deadline, "the job did not end after the restart: " + r.body());
        Thread.sleep(100);
      }
      assertEquals("completed", done.path("state").asText(), done + "\n" + read(second.log()));
      byte[] file = Files.readAllBytes(Path.of(URI.create(done.path("result").path("url").asText())));
      HttpResponse<byte[]> streamed = http.send(HttpRequest.newBuilder(second.base().resolve(
          "logs/export?format=csv&q=-PacketResponder")).header("Authorization", "Bearer " + token()).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, streamed.statusCode());
      assertArrayEquals(streamed.body(), file, "the job's file is the streaming export, byte for byte");
      long rows = new String(file, java.nio.charset.StandardCharsets.UTF_8).split("\r\n").length - 1;
      assertEquals(done.path("result").path("events").asLong(), rows);
      assertTrue(rows > 2000, "most of the 4,000 lines: " + rows);
      assertTrue(read(second.log()).contains("export part written"), "parts ran after the restart");
    } finally {
      second.process().destroy();
      second.process().waitFor();
    }
  }
}
