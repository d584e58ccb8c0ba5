package io.tributary.local.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole local runtime ({@code Main up}) in a child process on a data folder, for tests that kill
 * it with {@code kill -9} by its PID and start another on the same folder: no shutdown hook, no
 * close, no flush runs in between. Its log is a file; calls go as tenant {@code acme}.
 */
public record ChildRuntime(Process process, URI base, Path logFile) {

  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");
  /** How long a child gets to start, or a wait on it to come true. */
  public static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Starts child number {@code n} on {@code dir/data} (its log {@code dir/child-n.log}) with the
   * system properties {@code properties} ({@code -Dk=v}) and the environment {@code env}, and
   * waits until it listens.
   */
  public static ChildRuntime start(Path dir, int n, Map<String, String> properties, Map<String, String> env)
      throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child-" + n + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", cp, "io.tributary.local.Main", "up", "--data", dir.resolve("data").toString(),
        "--port", "0"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TRIBUTARY_JWT_SECRET", SECRET);
    pb.environment().put("TRIBUTARY_CURSOR_SECRET", SECRET);
    // Kill tests time their kills by the child's log: no start-up warm-up with stores of its own logging too.
    pb.environment().put("TRIBUTARY_WARMUP_SECONDS", "0");
    pb.environment().putAll(env);
    Process p = pb.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return new ChildRuntime(p, URI.create(m.group(1)), log);
      }
      assertTrue(p.isAlive(), () -> "child died: " + read(log));
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("child did not start: " + read(log));
  }

  /** The child's log so far. */
  public String log() {
    return read(logFile);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** A token of tenant {@code acme} that the child accepts. */
  public static String token() {
    return token("acme");
  }

  /** A token of {@code tenant} that the child accepts. */
  public static String token(String tenant) {
    return new TokenIssuer(Base64.getDecoder().decode(SECRET), "tributary-local", "tributary", "tenant")
        .issue(TenantId.of(tenant), Instant.now(), Duration.ofHours(1));
  }

  /** {@code method path} with a JSON {@code body} (or none), as {@code acme}. */
  public HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call("acme", method, path, body);
  }

  /** {@code method path} with a JSON {@code body} (or none), as {@code tenant}. */
  public HttpResponse<String> call(String tenant, String method, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token(tenant)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Ingests the 2,000 Loghub lines of each of {@code systems} as text, each with its service. */
  public void ingestLoghub(String... systems) throws Exception {
    ingestLoghubAs("acme", systems);
  }

  /** {@link #ingestLoghub} as {@code tenant}. */
  public void ingestLoghubAs(String tenant, String... systems) throws Exception {
    for (String system : systems) {
      byte[] lines = Files.readAllBytes(Loghub.dir().resolve(system).resolve(system + "_2k.log"));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("logs/ingest?service="
          + system.toLowerCase())).header("Authorization", "Bearer " + token(tenant)).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofByteArray(lines)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(202, r.statusCode(), r.body());
    }
  }

  /** How many events the store holds, as an aggregation over all time counts them. */
  public long stored() throws Exception {
    return stored("acme");
  }

  /** How many events of {@code tenant} the store holds. */
  public long stored(String tenant) throws Exception {
    HttpResponse<String> r = call(tenant, "POST", "logs/aggregate", "{\"from\":\"2000-01-01T00:00:00Z\"}");
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body()).path("total").asLong();
  }

  /** Waits until the store holds {@code events}. */
  public void awaitStored(long events) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (stored() != events) {
      assertTrue(System.nanoTime() < deadline, "not all stored: " + stored());
      Thread.sleep(100);
    }
  }

  /** Waits until the child's log says {@code text} {@code times} times; false if it died or time ran out. */
  public boolean awaitLog(String text, int times) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      String l = read(logFile);
      int n = 0;
      for (int i = l.indexOf(text); i >= 0; i = l.indexOf(text, i + 1)) {
        n++;
      }
      if (n >= times) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** SIGKILL by PID: no shutdown hook, no close, no flush; waits until the child is gone (exit 137). */
  public void kill9() throws Exception {
    new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
    process.waitFor();
  }

  /** Stops the child as a user would (SIGTERM: the runtime closes cleanly) and waits until it is gone. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  /** Polls the job status document at {@code location} until its state is no longer running; that document. */
  public com.fasterxml.jackson.databind.JsonNode awaitEnded(String location) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> r = call("GET", location, null);
      assertEquals(200, r.statusCode(), r.body());
      com.fasterxml.jackson.databind.JsonNode done = Json.mapper().readTree(r.body());
      if (!done.path("state").asText().equals("running")) {
        return done;
      }
      assertTrue(System.nanoTime() < deadline, "the job did not end: " + r.body());
      Thread.sleep(100);
    }
  }
}
