package io.tributary.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tributary local runtime started as its own process for a run (so its CPU and memory can be
 * read apart from the load generator's), with a fresh data folder and known keys.
 */
final class ServerProcess implements AutoCloseable {

  static final byte[] KEY = "loadtest-key-loadtest-key-loadtest-key!!".getBytes();
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+/api/)");

  final Process process;
  final URI base;
  final Path dataDir;
  /** Whether {@link #close} printed the server's last words already (a scenario may close twice). */
  private boolean echoed;
  /** From launching the JVM to the server saying it listens, in ms (its start-up, a warm-up before the port included). */
  final long startMillis;

  private ServerProcess(Process process, URI base, Path dataDir, long startMillis) {
    this.process = process;
    this.base = base;
    this.dataDir = dataDir;
    this.startMillis = startMillis;
  }

  static ServerProcess start(Path home, Path dataDir, List<String> jvmOptions, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    // A cold start each time: a new JVM on a data folder nothing wrote to before.
    try (java.util.stream.Stream<Path> existing = Files.list(dataDir)) {
      if (existing.findAny().isPresent()) {
        throw new IOException(dataDir + " is not empty: a run starts its server on a fresh data folder");
      }
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(home.resolve("local/target/classes") + ":" + home.resolve("local/target/lib/*"));
    cmd.add("io.tributary.local.Main");
    cmd.add("up");
    cmd.add("--data");
    cmd.add(dataDir.toString());
    cmd.add("--port");
    cmd.add("0");
    Path log = dataDir.resolve("server.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TRIBUTARY_JWT_SECRET", Base64.getEncoder().encodeToString(KEY));
    pb.environment().put("TRIBUTARY_CURSOR_SECRET", Base64.getEncoder().encodeToString(KEY));
    pb.environment().putAll(env);
    long launched = System.nanoTime();
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = LISTENING.matcher(text);
      if (m.find()) {
        return new ServerProcess(p, URI.create(m.group(1)), dataDir, (System.nanoTime() - launched) / 1_000_000);
      }
      if (!p.isAlive()) {
        throw new IOException("server exited: " + text);
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IOException("server did not start within 120 s");
  }

  long pid() {
    return process.pid();
  }

  /** The health document with its details (a token is needed for them), e.g. for the processing lag. */
  String health() throws IOException, InterruptedException {
    String token = new io.tributary.auth.TokenIssuer(KEY, "tributary-local", "tributary", "tenant")
        .issue(io.tributary.event.TenantId.of("loadtest"), java.time.Instant.now(), Duration.ofHours(1));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("health"))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    // What the server says of its own pacing when it stops (ingest first under saturation), for the run's log.
    try {
      Path log = dataDir.resolve("server.log");
      if (!echoed && Files.exists(log)) {
        echoed = true;
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
          lines.filter(l -> l.contains("ingest first:")).forEach(l -> System.err.println("server: " + l));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // The log is for reading only.
    }
  }
}
