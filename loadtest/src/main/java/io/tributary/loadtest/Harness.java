package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * What every scenario of {@code loadtest/run} shares: the command's flags, the repository the
 * server runs from, the run's work folder (data of the servers and brokers it starts), the corpus
 * and request bodies, tokens, starting a server, and the waits and sums the scenarios repeat.
 */
final class Harness {

  final Map<String, String> flags;
  final Path home;
  final Path work;

  Harness(Map<String, String> flags) throws java.io.IOException {
    this.flags = flags;
    this.home = Path.of(System.getProperty("tributary.home", ".")).toAbsolutePath().normalize();
    this.work = Files.createTempDirectory(Path.of(flags.getOrDefault("work", "/tmp")), "tributary-load-");
  }

  /** Removes the run's data folders (journal, store, archive, Kafka logs) unless --keep. */
  void deleteWork() throws java.io.IOException {
    deleteTree(work);
  }

  /** Deletes {@code dir} and everything under it, deepest first (a file that cannot go is left); none is fine. */
  static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  int intFlag(String k, int d) {
    return flags.containsKey(k) ? Integer.parseInt(flags.get(k)) : d;
  }

  double rate() {
    return flags.containsKey("rate") ? Double.parseDouble(flags.get("rate")) : 0;
  }

  Duration seconds() {
    return Duration.ofSeconds(intFlag("seconds", 20));
  }

  Duration warmup() {
    return Duration.ofSeconds(intFlag("warmup", Math.max(3, (int) Math.min(10, seconds().toSeconds() / 3))));
  }

  Corpus corpus() {
    Path loghub = Path.of(flags.getOrDefault("loghub", home.resolve("testdata/loghub").toString()));
    return Corpus.load(loghub);
  }

  /** A pool of prepared bodies, each of {@code batch} varied events, gzip-compressed. */
  List<RequestBody> bodies(Corpus corpus, String format, int batch, int count) {
    Random r = new Random(42);
    List<RequestBody> out = new ArrayList<>();
    long t = Instant.now().toEpochMilli() - 3_600_000L;
    for (int i = 0; i < count; i++) {
      byte[] raw;
      switch (format) {
        case "text":
          raw = corpus.textBatch(batch, r);
          break;
        case "json": {
          byte[] nd = corpus.ndjsonBatch(batch, r, t + (long) i * batch, null);
          String s = new String(nd, StandardCharsets.UTF_8).trim().replace("\n", ",");
          raw = ("[" + s + "]").getBytes(StandardCharsets.UTF_8);
          break;
        }
        default:
          raw = corpus.ndjsonBatch(batch, r, t + (long) i * batch, null);
      }
      byte[] sent = "zstd".equals(encoding()) ? com.github.luben.zstd.Zstd.compress(raw, 3) : Corpus.gzip(raw);
      out.add(new RequestBody(sent, batch, raw.length));
    }
    return out;
  }

  String encoding() {
    return flags.getOrDefault("encoding", "gzip");
  }

  static String contentType(String format) {
    switch (format) {
      case "text": return "text/plain";
      case "json": return "application/json";
      default: return "application/x-ndjson";
    }
  }

  /** Tokens of the load's tenants ({@code --tenants N}, default 4): a platform has many. */
  String[] loadTokens() {
    int n = intFlag("tenants", 4);
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = token("load-" + i);
    }
    return out;
  }

  static String token(String tenant) {
    return new TokenIssuer(ServerProcess.KEY, "tributary-local", "tributary", "tenant")
        .issue(TenantId.of(tenant), Instant.now(), Duration.ofHours(6));
  }

  /** The server's JVM options unless {@code --server-jvm} says otherwise: those {@code ./tributary up} runs with. */
  static final String SERVER_JVM = "-Xms256m -Xmx2g -XX:+UseParallelGC";

  /** A server of this repository's build (or {@code --server-home}'s) on a data folder {@code name} of the run. */
  ServerProcess startServer(String name) throws Exception {
    List<String> jvm = new ArrayList<>(List.of(flags.getOrDefault("server-jvm", SERVER_JVM).split(" ")));
    if (flags.containsKey("jfr")) {
      jvm.add("-XX:StartFlightRecording=filename=" + flags.get("jfr") + ",settings=profile");
    }
    Map<String, String> env = new HashMap<>();
    env.put("TRIBUTARY_WORKER_THREADS", flags.getOrDefault("workers", "32"));
    env.put("TRIBUTARY_STORE", flags.getOrDefault("store", "blocks"));
    env.put("TRIBUTARY_ROLES", flags.getOrDefault("roles", "ingest,process,query"));
    env.put("TRIBUTARY_UNREGISTERED_TENANT_PLAN", flags.getOrDefault("plan", "unlimited"));
    // The stores are measured, not the answer cache in front of them (--cache memory to include it).
    env.put("TRIBUTARY_QUERY_CACHE", flags.getOrDefault("cache", "none"));
    // Any other setting of the server, e.g. --server-env TRIBUTARY_WARMUP_SECONDS=0 (a comma between several).
    if (flags.containsKey("server-env")) {
      for (String kv : flags.get("server-env").split(",")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--server-env takes NAME=VALUE[,NAME=VALUE...], not " + kv);
        }
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    Path serverHome = flags.containsKey("server-home") ? Path.of(flags.get("server-home")) : home;
    return ServerProcess.start(serverHome, work.resolve(name), jvm, env);
  }

  /**
   * {@link #startServer} with one flag set for it only ({@code store} for one store of several,
   * {@code server-jvm} for a small-heap server): the flag is back as it was after.
   */
  ServerProcess startServer(String name, String flag, String value) throws Exception {
    String previous = flags.put(flag, value);
    try {
      return startServer(name);
    } finally {
      if (previous == null) {
        flags.remove(flag);
      } else {
        flags.put(flag, previous);
      }
    }
  }

  /** A load of NDJSON bodies to {@code server}, spread over the load's tenants ({@link #loadTokens}). */
  HttpLoad ndjsonLoad(ServerProcess server) {
    return new HttpLoad(server.base, loadTokens(), contentType("ndjson"), encoding(), "");
  }

  /**
   * Sends the bodies with {@code load} (8 connections, unpaced) until {@code target} events were
   * accepted, printing the progress under {@code label}; the events accepted.
   */
  static long loadUntil(HttpLoad load, List<RequestBody> bodies, long target, String label) throws Exception {
    long loaded = 0;
    long t0 = System.nanoTime();
    while (loaded < target) {
      loaded += load.run(bodies, 8, 0, Duration.ZERO, Duration.ofSeconds(2)).events();
      System.err.printf("%s: loaded %,d events (%,.0f/s)%n", label, loaded, loaded / ((System.nanoTime() - t0) / 1e9));
    }
    return loaded;
  }

  /** Waits until the server has processed everything it accepted; its health document then. */
  static JsonNode awaitProcessed(ServerProcess server) throws Exception {
    JsonNode h = Json.mapper().readTree(server.health());
    while (h.path("processingLag").path("pending").asLong() > 0) {
      Thread.sleep(500);
      h = Json.mapper().readTree(server.health());
    }
    return h;
  }

  /**
   * Waits until the server uses less than a tenth of a core over two seconds (its background work
   * done), at most {@code max}; returns the seconds waited.
   */
  static double settle(long pid, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    double cpu = ProcStats.of(pid).cpuSeconds();
    while (System.nanoTime() - start < max.toNanos()) {
      Thread.sleep(2000);
      double now = ProcStats.of(pid).cpuSeconds();
      if (now - cpu < 0.2) {
        break;
      }
      cpu = now;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Binds every thread of process {@code pid} (and those it starts later) to the CPUs {@code cpus}, a
   * {@code taskset} list such as {@code "0"} or {@code "1-3"}.
   */
  static void pin(long pid, String cpus) throws java.io.IOException, InterruptedException {
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed (exit " + p.exitValue() + ")");
    }
  }

  /**
   * Asks one question ({path, body}) as tenant {@code token}: the microseconds it took, negative for
   * a 503 (the query deadline passed); what it found (events of a page, events counted) goes to
   * {@code found[0]}, and, when {@code found} has room, the server's own time (Server-Timing, µs) to
   * {@code found[1]}.
   */
  static long ask(QueryClient client, String token, String name, String[] question, long[] found)
      throws Exception {
    long s = System.nanoTime();
    QueryClient.Answer r = client.post(question[0], token, question[1]);
    long micros = Math.max(1, (System.nanoTime() - s) / 1000);
    if (r.status() == 503) {
      return -micros;
    }
    if (r.status() != 200) {
      throw new IllegalStateException(name + ": " + r.body());
    }
    if (found.length > 1) {
      found[1] = serverMicros(r.serverTiming());
    }
    JsonNode answer = Json.mapper().readTree(r.body());
    found[0] = answer.has("events") ? answer.get("events").size() : answer.path("total").asLong();
    return micros;
  }

  /** The microseconds of a {@code Server-Timing: app;dur=MS} header, 0 without one. */
  static long serverMicros(String header) {
    int at = header.indexOf("dur=");
    if (at < 0) {
      return 0;
    }
    int end = at + 4;
    while (end < header.length() && (Character.isDigit(header.charAt(end)) || header.charAt(end) == '.')) {
      end++;
    }
    return Math.max(1, Math.round(Double.parseDouble(header.substring(at + 4, end)) * 1000));
  }

  /** Bytes of the files under {@code dir}; a running server may remove files meanwhile, which are skipped. */
  static long dirSize(Path dir) throws java.io.IOException {
    long[] total = new long[1];
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
        total[0] += attrs.isRegularFile() ? attrs.size() : 0;
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  /** Throughput and latency of a load, in the shape every ingest-like scenario reports. */
  static Map<String, Object> report(String system, double eventsPerSecond, double rawBytesPerSecond,
      Histogram micros) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("system", system);
    out.put("events_per_s", Math.round(eventsPerSecond));
    out.put("mb_per_s", round(rawBytesPerSecond / 1e6));
    out.put("p50_ms", round(micros.getValueAtPercentile(50) / 1000.0));
    out.put("p90_ms", round(micros.getValueAtPercentile(90) / 1000.0));
    out.put("p99_ms", round(micros.getValueAtPercentile(99) / 1000.0));
    out.put("p999_ms", round(micros.getValueAtPercentile(99.9) / 1000.0));
    out.put("max_ms", round(micros.getMaxValue() / 1000.0));
    return out;
  }

  /** The anchor of a scenario's JSON: what it is, and its figures from the same run. */
  static Map<String, Object> anchor(String what, Map<String, Object> figures) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("what", what);
    a.putAll(figures);
    return a;
  }

  /** The CPU's model name as {@code lscpu} shows it ({@code /proc/cpuinfo}), or the architecture where there is none. */
  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: the architecture is what can be said
    }
    return System.getProperty("os.arch");
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The figures, one per line, on stderr (the JSON line goes to stdout at the end). */
  static void print(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-22s %s%n", k, v)));
    System.err.print(sb);
  }
}
