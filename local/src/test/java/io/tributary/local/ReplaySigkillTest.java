package io.tributary.local;

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
 * A replay survives a SIGKILL of the whole local runtime. The archive is made by a runtime on the
 * Lucene store (4,000 HDFS and Android lines, stopped cleanly); a runtime on the same data folder
 * with an empty block store ({@code TRIBUTARY_STORE=blocks}) replays the archive into it and is
 * killed with {@code kill -9} by its PID after the day's events are stored but before the engine
 * records the activity's completion (a test property makes it wait there); a third runtime on the
 * same folder resumes the replay, runs the day again, and the store holds every archived event
 * exactly once — the store's first-write-wins upsert makes the second run add nothing.
 */
class ReplaySigkillTest {

  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private record Child(Process process, URI base, Path log) {
  }

  private Child start(int n, String store, long dayPauseMillis) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child-" + n + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dtributary.test.replay.dayPauseMillis=" + dayPauseMillis,
        "-cp", cp, "io.tributary.local.Main", "up", "--data", dir.resolve("data").toString(), "--port", "0"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TRIBUTARY_JWT_SECRET", SECRET);
    pb.environment().put("TRIBUTARY_CURSOR_SECRET", SECRET);
    pb.environment().put("TRIBUTARY_STORE", store);
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

  /** How many events the store holds (every time). */
  private long stored(URI base) throws Exception {
    HttpResponse<String> r = call(base, "POST", "logs/aggregate", "{\"from\":\"2000-01-01T00:00:00Z\"}");
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body()).path("total").asLong();
  }

  private void awaitStored(URI base, int events) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (stored(base) != events) {
      assertTrue(System.nanoTime() < deadline, "not all stored: " + stored(base));
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
  void aReplayKilledWithSigkillAfterStoringResumesAfterARestartAndTheStoreHoldsEachEventOnce() throws Exception {
    Child archiving = start(1, "lucene", 0);
    try {
      for (String system : List.of("HDFS", "Android")) {
        byte[] lines = Files.readAllBytes(Loghub.dir().resolve(system).resolve(system + "_2k.log"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(archiving.base().resolve("logs/ingest?service="
            + system.toLowerCase())).header("Authorization", "Bearer " + token()).header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofByteArray(lines)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
      }
      awaitStored(archiving.base(), 4000);
    } finally {
      // A clean stop: the archive's open segments are sealed.
      archiving.process().destroy();
      archiving.process().waitFor();
    }

    Child first = start(2, "blocks", 120_000);
    String location;
    try {
      assertEquals(0, stored(first.base()), "the block store starts empty: only the archive has the events");
      HttpResponse<String> started = call(first.base(), "POST", "replays", "{\"from\":\"2000-01-01T00:00:00Z\"}");
      assertEquals(202, started.statusCode(), started.body());
      location = started.headers().firstValue("Location").orElseThrow().substring("/api/".length());
      assertTrue(awaitLog(first, "replay day stored", 1), "a day replayed before the kill: " + read(first.log()));
      assertEquals(4000, stored(first.base()), "the day's events are in the store; its completion is not recorded");
    } finally {
      // SIGKILL by PID: no shutdown hook, no close, no flush.
      new ProcessBuilder("kill", "-9", Long.toString(first.process().pid())).inheritIO().start().waitFor();
      first.process().waitFor();
    }
    assertEquals(137, first.process().exitValue(), "killed by SIGKILL");

    Child second = start(3, "blocks", 10); // a pause of 10 ms: the child says when it replays a day
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
        assertTrue(System.nanoTime() < deadline, "the replay did not end after the restart: " + r.body());
        Thread.sleep(100);
      }
      assertEquals("completed", done.path("state").asText(), done + "\n" + read(second.log()));
      assertTrue(read(second.log()).contains("replay day stored"), "the day ran again after the restart");
      assertEquals(4000, done.path("result").path("read").asLong(), "every archived event read: " + done);
      assertEquals(0, done.path("result").path("events").asLong(),
          "the run after the restart added nothing: the killed one had stored them all: " + done);
      assertEquals(4000, stored(second.base()), "every archived event in the store exactly once");
    } finally {
      second.process().destroy();
      second.process().waitFor();
    }
  }
}
