package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * {@code loadtest/run}: measures Tributary and an anchor on this machine, in the same run.
 * <pre>
 * run ingest --seconds S --connections C [--rate R] [--batch B] [--format ndjson|text|json] [--url URL]
 * run anchor-kafka --seconds S [--producers P] [--rate R] [--fsync]
 * run compare --seconds S
 * run e2e --seconds S [--rate R] [--warmup W] [--check-archive]   (202 to queryable, and to a live tail)
 * run fuzz-ingest --cases N [--seed S] [--from I] [--threads T]
 * run hostile-http [--bodies 10] [--body-mib 15] [--hold-seconds 48] [--half-open 50] [--watch-seconds 60]
 * run tenants --seconds S [--plan free] [--a-factor 3] [--b-factor 1] [--batch 20]
 * run export --events N [--formats csv,ndjson] [--export-jvm "-Xmx256m …"] [--keep-data DIR | --reuse-data DIR]
 * </pre>
 * {@code --server-home DIR} runs the server from another checkout's build (e.g. a baseline).
 * Each prints what it measured and ends with one line of JSON.
 */
public final class LoadRun {

  private final Map<String, String> flags;
  private final Path home;
  private final Path work;

  private LoadRun(Map<String, String> flags) throws Exception {
    this.flags = flags;
    this.home = Path.of(System.getProperty("tributary.home", ".")).toAbsolutePath().normalize();
    this.work = Files.createTempDirectory(Path.of(flags.getOrDefault("work", "/tmp")), "tributary-load-");
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: run ingest|anchor-kafka|compare|e2e --seconds S [...]");
      System.exit(2);
    }
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        String k = args[i].substring(2);
        if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          flags.put(k, args[++i]);
        } else {
          flags.put(k, "true");
        }
      }
    }
    LoadRun run = new LoadRun(flags);
    Map<String, Object> out;
    switch (args[0]) {
      case "ingest":
        out = run.ingest();
        break;
      case "anchor-kafka":
        out = run.anchor();
        break;
      case "compare":
        out = run.compare();
        break;
      case "e2e":
        out = run.endToEnd();
        break;
      case "query":
        out = run.queries();
        break;
      case "archive-size":
        out = run.archiveSize();
        break;
      case "export":
        out = run.exports();
        break;
      case "fuzz-ingest":
        out = FuzzIngest.run(flags);
        break;
      case "hostile-http":
        out = run.hostileHttp();
        break;
      case "tenants":
        out = run.tenants();
        break;
      default:
        System.err.println("unknown command " + args[0]);
        System.exit(2);
        return;
    }
    // Every scenario's figures name the machine they were measured on (machines differ 2-3x).
    Map<String, Object> line = new LinkedHashMap<>(out);
    line.put("cpu_model", cpuModel());
    line.put("cpus", Runtime.getRuntime().availableProcessors());
    line.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    System.out.println(new String(Json.bytes(line), StandardCharsets.UTF_8));
    if (!flags.containsKey("keep")) {
      run.deleteWork();
    }
    System.exit(out.get("failures") instanceof Number n && n.longValue() > 0 ? 1 : 0);
  }

  /** Removes the run's data folders (journal, store, archive, Kafka logs) unless --keep. */
  private void deleteWork() throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(work)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private int intFlag(String k, int d) {
    return flags.containsKey(k) ? Integer.parseInt(flags.get(k)) : d;
  }

  private double rate() {
    return flags.containsKey("rate") ? Double.parseDouble(flags.get("rate")) : 0;
  }

  private Duration seconds() {
    return Duration.ofSeconds(intFlag("seconds", 20));
  }

  private Duration warmup() {
    return Duration.ofSeconds(intFlag("warmup", Math.max(3, (int) Math.min(10, seconds().toSeconds() / 3))));
  }

  private Corpus corpus() {
    Path loghub = Path.of(flags.getOrDefault("loghub", home.resolve("testdata/loghub").toString()));
    return Corpus.load(loghub);
  }

  /** A pool of prepared bodies, each of {@code batch} varied events, gzip-compressed. */
  private List<RequestBody> bodies(Corpus corpus, String format, int batch, int count) {
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

  private String encoding() {
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
  private String[] loadTokens() {
    int n = intFlag("tenants", 4);
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = token("load-" + i);
    }
    return out;
  }

  private static String token(String tenant) {
    return new TokenIssuer(ServerProcess.KEY, "tributary-local", "tributary", "tenant")
        .issue(TenantId.of(tenant), Instant.now(), Duration.ofHours(6));
  }

  private ServerProcess startServer(String name) throws Exception {
    List<String> jvm = new ArrayList<>(List.of(flags.getOrDefault("server-jvm", "-Xms2g -Xmx2g -XX:+UseParallelGC")
        .split(" ")));
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
    Path serverHome = flags.containsKey("server-home") ? Path.of(flags.get("server-home")) : home;
    return ServerProcess.start(serverHome, work.resolve(name), jvm, env);
  }

  /** What unauthenticated bodies and half-sent heads make the server hold (see {@link HostileHttp}). */
  private Map<String, Object> hostileHttp() throws Exception {
    try (ServerProcess server = startServer("tributary-hostile")) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("serverHome", flags.getOrDefault("server-home", home.toString()));
      out.putAll(new HostileHttp(server.base.getPort(), server.pid()).run(intFlag("bodies", 10),
          intFlag("body-mib", 15), Duration.ofSeconds(intFlag("hold-seconds", 48)), intFlag("half-open", 50),
          Duration.ofSeconds(intFlag("watch-seconds", 60))));
      return out;
    }
  }

  /**
   * Rate limits are per tenant: on one server whose tenants get {@code --plan} (default free,
   * 1,000 events/s), tenant B sends at {@code --b-factor} times its limit (default 1) in four
   * phases: alone; beside a tenant sending exactly at its own limit (the same accepted work as the
   * next phase, without the excess: the anchor); beside tenant A sending {@code --a-factor} times
   * its limit (default 3) and ignoring Retry-After; alone again (the two alone phases show the
   * machine's noise). Reports A's offered and accepted rates against its limit and its 429s, and
   * B's 429s and latency per phase. All loads are paced (latency counts from each request's
   * intended start). The warm-up of each phase (default 12 s) drains A's burst, so the measured
   * window sees its sustained limit.
   */
  private Map<String, Object> tenants() throws Exception {
    String plan = flags.getOrDefault("plan", "free");
    flags.put("plan", plan);
    long limit = io.tributary.tenancy.Plan.of(plan).orElseThrow(() -> new IllegalArgumentException("no plan " + plan))
        .limits().eventsPerSecond();
    int batch = intFlag("batch", 20);
    double aFactor = Double.parseDouble(flags.getOrDefault("a-factor", "3"));
    double bRate = limit * Double.parseDouble(flags.getOrDefault("b-factor", "1"));
    Duration warmup = Duration.ofSeconds(intFlag("warmup", 12));
    List<RequestBody> bodies = bodies(corpus(), "ndjson", batch, intFlag("bodies", 256));
    try (ServerProcess server = startServer("tributary-tenants")) {
      String type = contentType("ndjson");
      int bConnections = intFlag("b-connections", 4);
      int aConnections = intFlag("a-connections", 8);
      HttpLoad b = new HttpLoad(server.base, new String[] {token("tenant-b")}, type, encoding(), "");
      HttpLoad atLimit = new HttpLoad(server.base, new String[] {token("tenant-at-limit")}, type, encoding(), "");
      HttpLoad a = new HttpLoad(server.base, new String[] {token("tenant-a")}, type, encoding(), "", false);
      HttpLoad.Result alone = b.run(bodies, bConnections, bRate, warmup, seconds());
      HttpLoad.Result[] anchor = beside(b, bRate, bConnections, atLimit, limit, aConnections, bodies, warmup);
      HttpLoad.Result[] over = beside(b, bRate, bConnections, a, limit * aFactor, aConnections, bodies, warmup);
      HttpLoad.Result after = b.run(bodies, bConnections, bRate, warmup, seconds());
      HttpLoad.Result ar = over[1];
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("system", "tributary");
      out.put("plan", plan);
      out.put("limit_events_per_s", limit);
      out.put("batch", batch);
      out.put("seconds", seconds().toSeconds());
      out.put("a_offered_events_per_s", Math.round(ar.requests() * batch / ar.seconds()));
      out.put("a_accepted_events_per_s", Math.round(ar.eventsPerSecond()));
      out.put("a_accepted_vs_limit", round(ar.eventsPerSecond() / limit));
      out.put("a_statuses", ar.statuses());
      out.put("a_refused_before_body", ar.refusedBeforeBody());
      out.put("a_errors", ar.errors());
      out.put("at_limit_accepted_events_per_s", Math.round(anchor[1].eventsPerSecond()));
      out.put("at_limit_statuses", anchor[1].statuses());
      out.put("b_offered_events_per_s", Math.round(over[0].requests() * batch / over[0].seconds()));
      long b429 = 0;
      long bErrors = 0;
      String[] names = {"b_alone", "b_beside_at_limit", "b_beside_a", "b_alone_after"};
      HttpLoad.Result[] phases = {alone, anchor[0], over[0], after};
      for (int i = 0; i < phases.length; i++) {
        out.put(names[i] + "_accepted_events_per_s", Math.round(phases[i].eventsPerSecond()));
        out.put(names[i] + "_statuses", phases[i].statuses());
        out.put(names[i] + "_p50_ms", round(phases[i].latencyMicros().getValueAtPercentile(50) / 1000.0));
        out.put(names[i] + "_p99_ms", round(phases[i].latencyMicros().getValueAtPercentile(99) / 1000.0));
        b429 += phases[i].statuses().getOrDefault(429, 0L);
        bErrors += phases[i].errors();
      }
      out.put("b_429", b429);
      out.put("b_errors", bErrors);
      double aRatio = ar.eventsPerSecond() / limit;
      // Measured, then judged: the figures above are printed whatever the verdict. p99 is reported,
      // not judged: on a shared machine its noise is larger than any effect sought.
      long failures = (Math.abs(aRatio - 1) > 0.10 ? 1 : 0) + (b429 > 0 ? 1 : 0)
          + (ar.statuses().getOrDefault(429, 0L) == 0 ? 1 : 0);
      out.put("failures", failures);
      print(out);
      return out;
    }
  }

  /** B's load and another tenant's, at the same time; {B's result, the other's}. */
  private HttpLoad.Result[] beside(HttpLoad b, double bRate, int bConnections, HttpLoad other, double otherRate,
      int otherConnections, List<RequestBody> bodies, Duration warmup) throws Exception {
    HttpLoad.Result[] result = new HttpLoad.Result[1];
    Exception[] failure = new Exception[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = other.run(bodies, otherConnections, otherRate, warmup, seconds());
      } catch (Exception e) {
        failure[0] = e;
      }
    }, "other-tenant");
    t.start();
    HttpLoad.Result mine = b.run(bodies, bConnections, bRate, warmup, seconds());
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return new HttpLoad.Result[] {mine, result[0]};
  }

  private Map<String, Object> ingest() throws Exception {
    String format = flags.getOrDefault("format", "ndjson");
    int batch = intFlag("batch", 1000);
    int connections = intFlag("connections", 16);
    Corpus corpus = corpus();
    List<RequestBody> bodies = bodies(corpus, format, batch, intFlag("bodies", 64));
    ServerProcess server = flags.containsKey("url") ? null : startServer("tributary");
    URI base = server != null ? server.base : URI.create(flags.get("url").replaceAll("/?$", "/") + "api/");
    try {
      HttpLoad load = new HttpLoad(base, loadTokens(), contentType(format), encoding(), "");
      ProcStats before = server != null ? ProcStats.of(server.pid()) : null;
      long t0 = System.nanoTime();
      HttpLoad.Result r = load.run(bodies, connections, rate(), warmup(), seconds());
      double wall = (System.nanoTime() - t0) / 1e9;
      ProcStats after = server != null ? ProcStats.of(server.pid()) : null;
      Map<String, Object> out = report("tributary", r.eventsPerSecond(), r.rawBytes() / r.seconds(), r.latencyMicros());
      out.put("format", format);
      out.put("encoding", encoding());
      out.put("batch", batch);
      out.put("connections", connections);
      out.put("tenants", intFlag("tenants", 4));
      out.put("server_roles", flags.getOrDefault("roles", "ingest,process,query"));
      out.put("rate", rate());
      out.put("requests", r.requests());
      out.put("statuses", r.statuses());
      out.put("errors", r.errors());
      out.put("wire_mb_per_s", round(r.wireBytes() / r.seconds() / 1e6));
      if (server != null) {
        out.put("server_cpu_cores", round((after.cpuSeconds() - before.cpuSeconds()) / wall));
        out.put("server_rss_mb", after.rssBytes() >> 20);
        out.put("server_peak_rss_mb", after.peakRssBytes() >> 20);
      }
      print(out);
      return out;
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private Map<String, Object> anchor() throws Exception {
    Corpus corpus = corpus();
    Random r = new Random(42);
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      for (String line : new String(corpus.ndjsonBatch(1000, r, Instant.now().toEpochMilli(), null),
          StandardCharsets.UTF_8).split("\n")) {
        events.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    KafkaAnchor.Result k = KafkaAnchor.run(work.resolve("kafka"), events, intFlag("producers", 4), rate(), warmup(),
        seconds());
    Map<String, Object> out = report("kafka", k.events() / k.seconds(), k.rawBytes() / k.seconds(), k.latencyMicros());
    out.put("producers", intFlag("producers", 4));
    out.put("rate", rate());
    print(out);
    return out;
  }

  private Map<String, Object> compare() throws Exception {
    Map<String, Object> t = ingest();
    Map<String, Object> k = anchor();
    Map<String, Object> out = new LinkedHashMap<>();
    double te = ((Number) t.get("events_per_s")).doubleValue();
    double ke = ((Number) k.get("events_per_s")).doubleValue();
    out.put("tributary_events_per_s", Math.round(te));
    out.put("kafka_events_per_s", Math.round(ke));
    out.put("ratio", round(te / ke));
    out.put("tributary_p99_ms", t.get("p99_ms"));
    out.put("kafka_p99_ms", k.get("p99_ms"));
    out.put("tributary_server_cpu_cores", t.get("server_cpu_cores"));
    out.put("tributary_server_peak_rss_mb", t.get("server_peak_rss_mb"));
    out.put("tributary_encoding", t.get("encoding"));
    out.put("tributary_server_roles", t.get("server_roles"));
    out.put("kafka_producers", k.get("producers"));
    return out;
  }

  private Map<String, Object> endToEnd() throws Exception {
    Corpus corpus = corpus();
    int batch = intFlag("batch", 1000);
    List<RequestBody> bodies = bodies(corpus, "ndjson", batch, intFlag("bodies", 64));
    try (ServerProcess server = startServer("tributary-e2e")) {
      HttpClient http = HttpClient.newHttpClient();
      String markerToken = token("marker");
      AtomicBoolean stop = new AtomicBoolean();
      // (ack time, delay in µs) per marker; markers acked during the warm-up are reported apart.
      List<long[]> visibleSamples = java.util.Collections.synchronizedList(new ArrayList<>());
      // (tag, ack time) of every marker answered 202, for the tail: it must bring each of them.
      List<Map.Entry<String, Long>> acked202 = java.util.Collections.synchronizedList(new ArrayList<>());
      // One live tail of the marker tenant, subscribed before any load, following only the markers.
      TailWatch tail = new TailWatch(server.base.resolve("logs/tail?service=marker&q=marker"), markerToken,
          e -> e.path("message").asText().startsWith("e2e marker ")
              ? e.path("message").asText().substring("e2e marker ".length()) : null).start();
      Thread markers = new Thread(() -> {
        Random r = new Random();
        while (!stop.get()) {
          String tag = "m" + Long.toHexString(r.nextLong() & Long.MAX_VALUE);
          try {
            String body = "{\"message\":\"e2e marker " + tag + "\",\"service\":\"marker\",\"attributes\":{\"tag\":\""
                + tag + "\"}}\n";
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(server.base.resolve("logs/ingest"))
                .header("Authorization", "Bearer " + markerToken).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 202) {
              Thread.sleep(100);
              continue;
            }
            long acked = System.nanoTime();
            acked202.add(Map.entry(tag, acked));
            String q = "{\"q\":\"" + tag + "\",\"limit\":1}";
            while (!stop.get()) {
              HttpResponse<String> found = http.send(HttpRequest.newBuilder(server.base.resolve("logs/query"))
                  .header("Authorization", "Bearer " + markerToken).header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(q)).build(), HttpResponse.BodyHandlers.ofString());
              if (found.body().contains(tag)) {
                visibleSamples.add(new long[] {acked, (System.nanoTime() - acked) / 1000});
                break;
              }
              Thread.sleep(5);
            }
            Thread.sleep(200);
          } catch (Exception e) {
            return;
          }
        }
      }, "markers");
      // --alerts: a rule of the marker tenant fires once per marker, to a webhook receiver here.
      AlertWatch alerts = flags.containsKey("alerts")
          ? new AlertWatch(flags.get("alerts").equals("true") ? "ok" : flags.get("alerts")) : null;
      if (alerts != null) {
        HttpResponse<String> rule = http.send(HttpRequest.newBuilder(server.base.resolve("alerts"))
            .header("Authorization", "Bearer " + markerToken).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alerts.rule("marker"))).build(),
            HttpResponse.BodyHandlers.ofString());
        if (rule.statusCode() != 201) {
          throw new IllegalStateException("creating the alert rule: " + rule.statusCode() + " " + rule.body());
        }
      }
      HttpLoad load = new HttpLoad(server.base, loadTokens(), contentType("ndjson"), encoding(), "");
      JsonNode h0 = Json.mapper().readTree(server.health());
      long start = System.nanoTime();
      markers.start();
      List<long[]> samples = new ArrayList<>();
      Thread sampler = new Thread(() -> {
        while (!stop.get()) {
          try {
            JsonNode h = Json.mapper().readTree(server.health());
            samples.add(new long[] {System.nanoTime(), h.path("since").path("processedEvents").asLong(),
                h.path("since").path("acceptedEvents").asLong(), h.path("processingLag").path("pending").asLong()});
            Thread.sleep(1000);
          } catch (Exception e) {
            return;
          }
        }
      }, "sampler");
      sampler.start();
      HttpLoad.Result r = load.run(bodies, intFlag("connections", 8), rate(), warmup(), seconds());
      stop.set(true);
      markers.join();
      sampler.join();
      long loadEnd = System.nanoTime();
      long drainDeadline = loadEnd + Duration.ofSeconds(300).toNanos();
      JsonNode h = Json.mapper().readTree(server.health());
      while (h.path("processingLag").path("pending").asLong() > 0 && System.nanoTime() < drainDeadline) {
        Thread.sleep(200);
        h = Json.mapper().readTree(server.health());
      }
      double drainSeconds = (System.nanoTime() - loadEnd) / 1e9;
      // The tail may still bring markers once processing drained; give it a little more, then stop it.
      long tailDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < tailDeadline && !allArrived(acked202, tail)) {
        Thread.sleep(50);
      }
      tail.close();
      long accepted = h.path("since").path("acceptedEvents").asLong() - h0.path("since").path("acceptedEvents").asLong();
      long processed = h.path("since").path("processedEvents").asLong() - h0.path("since").path("processedEvents").asLong();
      double steady = steadyRate(samples, start + warmup().toNanos());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("system", "tributary-e2e");
      out.put("ingest_events_per_s", Math.round(r.eventsPerSecond()));
      out.put("ingest_p99_ms", round(r.latencyMicros().getValueAtPercentile(99) / 1000.0));
      out.put("processed_events_per_s", Math.round(steady));
      out.put("accepted_events", accepted);
      out.put("processed_events", processed);
      out.put("drain_seconds_after_load", round(drainSeconds));
      long maxLagEvents = 0;
      for (long[] sample : samples) {
        maxLagEvents = Math.max(maxLagEvents, sample[2] - sample[1]);
      }
      out.put("max_processing_lag_events", maxLagEvents);
      out.put("max_processing_lag_journal_bytes", samples.stream().mapToLong(x -> x[3]).max().orElse(0));
      out.put("end_to_end_events_per_s", Math.round(processed / ((loadEnd - start) / 1e9 + drainSeconds)));
      Histogram visible = new Histogram(3_600_000_000L, 3);
      Histogram visibleAll = new Histogram(3_600_000_000L, 3);
      long steadyFrom = start + warmup().toNanos();
      List<List<Long>> worst = new ArrayList<>();
      synchronized (visibleSamples) {
        for (long[] v : visibleSamples) {
          visibleAll.recordValue(v[1]);
          if (v[0] >= steadyFrom) {
            visible.recordValue(v[1]);
          }
          worst.add(List.of((v[0] - start) / 1_000_000, v[1] / 1000));
        }
      }
      worst.sort((a, b) -> Long.compare(b.get(1), a.get(1)));
      out.put("visible_p50_ms", round(visible.getValueAtPercentile(50) / 1000.0));
      out.put("visible_p99_ms", round(visible.getValueAtPercentile(99) / 1000.0));
      out.put("visible_max_ms", round(visible.getMaxValue() / 1000.0));
      out.put("visible_samples", visible.getTotalCount());
      out.put("visible_p99_with_warmup_ms", round(visibleAll.getValueAtPercentile(99) / 1000.0));
      // The five slowest markers as [ms after the load started, ms to become visible].
      out.put("visible_slowest", worst.subList(0, Math.min(5, worst.size())));
      // Live tail: from each marker's 202 to its event on the tail (match by tag), after the warm-up.
      out.putAll(arrivals("tail", acked202, tail::arrival, steadyFrom));
      // Alerts: from each marker's 202 to its firing notification at the webhook.
      if (alerts != null) {
        long alertDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < alertDeadline && !allFired(acked202, alerts)) {
          Thread.sleep(50);
        }
        out.putAll(arrivals("webhook", acked202, alerts::arrival, steadyFrom));
        out.put("webhook_duplicates", alerts.duplicates());
        out.put("webhook_bad_signatures", alerts.badSignatures());
        out.put("webhook_resolved", alerts.resolved());
        out.put("webhook_receiver", flags.get("alerts").equals("true") ? "ok" : flags.get("alerts"));
        out.put("webhook_failed_attempts", alerts.failedAttempts());
        alerts.close();
      }
      out.put("tail_drops", tail.drops());
      out.put("tail_reopens", tail.reopens());
      out.put("server_peak_rss_mb", ProcStats.of(server.pid()).peakRssBytes() >> 20);
      server.close();
      if (flags.containsKey("check-archive")) {
        out.putAll(checkArchive(work.resolve("tributary-e2e").resolve("archive"), accepted));
      }
      print(out);
      return out;
    }
  }

  /**
   * From each marker's 202 to its arrival ({@code arrivalOf} its tag: System.nanoTime, or null), as
   * {@code <name>_visible_p50_ms}, p99, max, markers seen and missed (after the warm-up, and with it),
   * and how many arrived before the 202 reached the marker thread (counted as 0).
   */
  private static Map<String, Object> arrivals(String name, List<Map.Entry<String, Long>> acked,
      java.util.function.Function<String, Long> arrivalOf, long steadyFrom) {
    Histogram steady = new Histogram(3_600_000_000L, 3);
    Histogram all = new Histogram(3_600_000_000L, 3);
    long missed = 0;
    long missedAll = 0;
    long before202 = 0;
    synchronized (acked) {
      for (Map.Entry<String, Long> m : acked) {
        boolean steadyMarker = m.getValue() >= steadyFrom;
        Long arrived = arrivalOf.apply(m.getKey());
        if (arrived == null) {
          missedAll++;
          missed += steadyMarker ? 1 : 0;
          continue;
        }
        long micros = Math.max(0, (arrived - m.getValue()) / 1000);
        before202 += arrived < m.getValue() ? 1 : 0;
        all.recordValue(micros);
        if (steadyMarker) {
          steady.recordValue(micros);
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(name + "_visible_p50_ms", round(steady.getValueAtPercentile(50) / 1000.0));
    out.put(name + "_visible_p99_ms", round(steady.getValueAtPercentile(99) / 1000.0));
    out.put(name + "_visible_max_ms", round(steady.getMaxValue() / 1000.0));
    out.put(name + "_markers_seen", steady.getTotalCount());
    out.put(name + "_markers_missed", missed);
    out.put(name + "_visible_p99_with_warmup_ms", round(all.getValueAtPercentile(99) / 1000.0));
    out.put(name + "_markers_missed_with_warmup", missedAll);
    out.put(name + "_arrived_before_202", before202);
    return out;
  }

  /** Whether every marker answered 202 so far has fired at the webhook. */
  private static boolean allFired(List<Map.Entry<String, Long>> acked, AlertWatch alerts) {
    synchronized (acked) {
      for (Map.Entry<String, Long> m : acked) {
        if (alerts.arrival(m.getKey()) == null) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether every marker answered 202 so far has arrived on the tail. */
  private static boolean allArrived(List<Map.Entry<String, Long>> acked, TailWatch tail) {
    synchronized (acked) {
      for (Map.Entry<String, Long> m : acked) {
        if (tail.arrival(m.getKey()) == null) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Reads the whole archive of a stopped instance, as a reader would (only the segments
   * {@link io.tributary.archive.ArchiveCompactor#visible} keeps), and counts its events and the
   * repeats of an id: every acknowledged event must be there exactly once.
   */
  private static Map<String, Object> checkArchive(Path dir, long accepted) throws Exception {
    long events = 0;
    int segments = 0;
    int columnar = 0;
    java.util.TreeMap<String, Integer> perHour = new java.util.TreeMap<>();
    long[] ids = new long[1 << 20];
    int n = 0;
    try (io.tributary.local.archive.DirectoryArchiveStore archive = new io.tributary.local.archive.DirectoryArchiveStore(dir)) {
      for (io.tributary.event.TenantId tenant : archive.tenants()) {
        List<io.tributary.archive.SegmentKey> keys = io.tributary.archive.ArchiveCompactor.visible(
            archive.list(tenant, Long.MIN_VALUE, Long.MAX_VALUE));
        for (io.tributary.archive.SegmentKey k : keys) {
          byte[] bytes = archive.get(k).orElseThrow();
          segments++;
          columnar += bytes[2] == 1 ? 0 : 1;
          perHour.merge(java.time.Instant.ofEpochSecond(k.hour() * 3600).toString().substring(0, 13), 1, Integer::sum);
          for (io.tributary.event.LogEvent e : io.tributary.archive.ArchiveSegments.decode(tenant, bytes)) {
            if (n == ids.length) {
              ids = java.util.Arrays.copyOf(ids, n * 2);
            }
            ids[n++] = io.tributary.query.Words.hash(tenant.value() + "/" + e.id());
            events++;
          }
        }
      }
    }
    java.util.Arrays.sort(ids, 0, n);
    long repeats = 0;
    for (int i = 1; i < n; i++) {
      repeats += ids[i] == ids[i - 1] ? 1 : 0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("archive_events", events);
    out.put("archive_repeated_ids", repeats);
    out.put("archive_missing", accepted - (events - repeats));
    out.put("archive_segments", segments);
    out.put("archive_segments_columnar", columnar);
    out.put("archive_segments_per_hour", perHour);
    return out;
  }

  /**
   * Loads {@code --events N} events (processed and stored), then runs a mix of typical queries
   * {@code --repeat} times each and reports their latency; with {@code --mixed}, ingest goes on at
   * ten events written for every one read while the queries run.
   */
  private Map<String, Object> queries() throws Exception {
    // --store blocks,lucene measures each store in turn, in one run (the same load, the same machine state).
    List<String> stores = List.of(flags.getOrDefault("store", "blocks").split(","));
    if (stores.size() == 1) {
      return queries(stores.get(0));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String store : stores) {
      out.put(store, queries(store));
    }
    print(out);
    return out;
  }

  private Map<String, Object> queries(String store) throws Exception {
    long target = Long.parseLong(flags.getOrDefault("events", "10000000"));
    int batch = 1000;
    Corpus corpus = corpus();
    List<RequestBody> bodies = bodies(corpus, "ndjson", batch, intFlag("bodies", 256));
    String previous = flags.put("store", store);
    // Pages of the heap touched at start, so the collector's first copies into them do not fault
    // them in mid-query (the same for both stores).
    flags.putIfAbsent("server-jvm", "-Xms2g -Xmx2g -XX:+UseParallelGC -XX:+AlwaysPreTouch");
    ServerProcess started;
    try {
      started = startServer("tributary-query-" + store);
    } finally {
      if (previous == null) {
        flags.remove("store");
      } else {
        flags.put("store", previous);
      }
    }
    Map<String, Object> result;
    try (ServerProcess server = started) {
      String[] tokens = loadTokens();
      HttpLoad load = new HttpLoad(server.base, tokens, contentType("ndjson"), encoding(), "");
      long t0 = System.nanoTime();
      long loaded = 0;
      while (loaded < target) {
        HttpLoad.Result r = load.run(bodies, 8, 0, Duration.ZERO, Duration.ofSeconds(2));
        loaded += r.events();
        System.err.printf("%s: loaded %,d events (%,.0f/s)%n", store, loaded, loaded / ((System.nanoTime() - t0) / 1e9));
      }
      JsonNode h = Json.mapper().readTree(server.health());
      while (h.path("processingLag").path("pending").asLong() > 0) {
        Thread.sleep(500);
        h = Json.mapper().readTree(server.health());
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      // Background work after the load (compaction, segment merges) is let finish first, so that the
      // queries measure the store rather than the store and its merges on the same two cores.
      double settleSeconds = settle(server.pid(), Duration.ofSeconds(intFlag("settle-max", 180)));
      // Queries go to one tenant: it holds a quarter of the events with the default four tenants.
      String token = tokens[0];
      Map<String, String[]> mix = QueryMix.questions();
      if (flags.containsKey("questions")) {
        mix.keySet().retainAll(List.of(flags.get("questions").split(",")));
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = null;
      int repeat = intFlag("repeat", 50);
      if (flags.containsKey("mixed")) {
        // Ten written for one read: each query round is paired with ten events per query served.
        writer = new Thread(() -> {
          try {
            load.run(bodies, 2, intFlag("mixed-rate", 100_000), Duration.ZERO, Duration.ofSeconds(3600));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        writer.setDaemon(true);
        writer.start();
      }
      HttpClient http = HttpClient.newHttpClient();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("system", "tributary-" + store);
      out.put("events_stored", h.path("since").path("processedEvents").asLong());
      out.put("load_seconds", round(loadSeconds));
      out.put("load_events_per_s", Math.round(loaded / loadSeconds));
      out.put("settle_seconds", round(settleSeconds));
      out.put("query_cache", flags.getOrDefault("cache", "none"));
      Histogram all = new Histogram(3_600_000_000L, 3);
      // Every question is asked --warmup-calls times (default 5) first (caches filled, code compiled,
      // what that leaves to the collector collected) before any is timed; then the questions take
      // turns, round after round, so a pause of the server's falls on whichever question is running,
      // not on one. Each call's time as the client saw it and as the server reports it
      // (Server-Timing) are kept apart: a gap between the two is transport, client or scheduler.
      int warmupCalls = intFlag("warmup-calls", 5);
      Map<String, Integer> rounds = new LinkedHashMap<>();
      Map<String, Histogram> times = new LinkedHashMap<>();
      Map<String, Histogram> serverTimes = new LinkedHashMap<>();
      Map<String, long[]> found = new LinkedHashMap<>();
      Map<String, Integer> failed = new LinkedHashMap<>();
      for (Map.Entry<String, String[]> q : mix.entrySet()) {
        long slowest = 0;
        for (int i = 0; i < warmupCalls && slowest <= 1_000_000; i++) {
          slowest = Math.max(slowest, Math.abs(ask(http, server, token, q.getKey(), q.getValue(), new long[1])));
        }
        // Over a second a call (an aggregation a store can only page through): two rounds tell how
        // slow, and more would take minutes each.
        rounds.put(q.getKey(), slowest > 1_000_000 ? Math.min(repeat, 2) : repeat);
        times.put(q.getKey(), new Histogram(3_600_000_000L, 3));
        serverTimes.put(q.getKey(), new Histogram(3_600_000_000L, 3));
        found.put(q.getKey(), new long[2]);
        failed.put(q.getKey(), 0);
      }
      // --calls-csv FILE: every timed call, in order (store, round, question, client and server µs),
      // to see when the slow ones came.
      StringBuilder calls = new StringBuilder();
      for (int round = 0; round < repeat; round++) {
        for (Map.Entry<String, String[]> q : mix.entrySet()) {
          if (round >= rounds.get(q.getKey())) {
            continue;
          }
          long micros = ask(http, server, token, q.getKey(), q.getValue(), found.get(q.getKey()));
          calls.append(store).append(',').append(round).append(',').append(q.getKey()).append(',')
              .append(Math.abs(micros)).append(',').append(found.get(q.getKey())[1]).append('\n');
          if (micros < 0) {
            failed.merge(q.getKey(), 1, Integer::sum);
            micros = -micros;
          }
          times.get(q.getKey()).recordValue(micros);
          all.recordValue(micros);
          long serverMicros = found.get(q.getKey())[1];
          if (serverMicros > 0) {
            serverTimes.get(q.getKey()).recordValue(serverMicros);
          }
        }
      }
      if (flags.containsKey("calls-csv")) {
        Files.writeString(Path.of(flags.get("calls-csv")), calls, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      for (Map.Entry<String, String[]> q : mix.entrySet()) {
        Histogram hq = times.get(q.getKey());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50_ms", round(hq.getValueAtPercentile(50) / 1000.0));
        m.put("p99_ms", round(hq.getValueAtPercentile(99) / 1000.0));
        Histogram sq = serverTimes.get(q.getKey());
        if (sq.getTotalCount() > 0) {
          m.put("server_p50_ms", round(sq.getValueAtPercentile(50) / 1000.0));
          m.put("server_p99_ms", round(sq.getValueAtPercentile(99) / 1000.0));
        }
        m.put(q.getValue()[0].endsWith("aggregate") ? "events_counted" : "events_returned", found.get(q.getKey())[0]);
        m.put("rounds", rounds.get(q.getKey()));
        if (failed.get(q.getKey()) > 0) {
          m.put("timeouts_503", failed.get(q.getKey()));
        }
        out.put(q.getKey(), m);
      }
      stop.set(true);
      out.put("all_queries_p99_ms", round(all.getValueAtPercentile(99) / 1000.0));
      out.put("mixed_ingest", flags.containsKey("mixed"));
      out.put("server_peak_rss_mb", ProcStats.of(server.pid()).peakRssBytes() >> 20);
      out.put("data_dir_mb", dirSize(server.dataDir) >> 20);
      print(out);
      result = out;
    }
    if (flags.containsKey("keep-data")) {
      // For profiling queries in process (StoreQueryBench) on the same data, once the server is down.
      Path kept = Path.of(flags.get("keep-data")).resolve(store);
      Files.createDirectories(kept.getParent());
      Files.move(started.dataDir, kept);
      System.err.println("kept the data of " + store + " in " + kept);
    }
    return result;
  }

  /**
   * {@code export --events N}: loads N events into one tenant (server {@code -Xms2g -Xmx2g}), stops
   * the server, starts it again on the same data under {@code --export-jvm} (default
   * {@code -Xmx256m}), and reads {@code GET /api/logs/export} to the end once per format of
   * {@code --formats} (csv,ndjson), sampling the server's RSS. Anchors of the same run: a plain read
   * of the store's files and the query mix's "newest 100" on the small-heap server.
   */
  private Map<String, Object> exports() throws Exception {
    long target = Long.parseLong(flags.getOrDefault("events", "10000000"));
    flags.putIfAbsent("tenants", "1");
    Map<String, Object> out = new LinkedHashMap<>();
    String token = new TokenIssuer(ServerProcess.KEY, "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("load-0"), List.of(io.tributary.auth.Role.LOGS_READ, io.tributary.auth.Role.LOGS_EXPORT),
            Instant.now(), Duration.ofHours(6));
    HttpClient http = HttpClient.newHttpClient();
    String name = "tributary-export";
    if (flags.containsKey("reuse-data")) {
      // The data of an earlier run (--keep): its folder is moved into this run's and moved back after.
      Files.move(Path.of(flags.get("reuse-data")), work.resolve(name));
    }
    long stored;
    try (ServerProcess server = startServer(name)) {
      if (!flags.containsKey("reuse-data")) {
        Corpus corpus = corpus();
        List<RequestBody> bodies = bodies(corpus, "ndjson", 1000, intFlag("bodies", 256));
        HttpLoad load = new HttpLoad(server.base, loadTokens(), contentType("ndjson"), encoding(), "");
        long loaded = 0;
        long t0 = System.nanoTime();
        while (loaded < target) {
          loaded += load.run(bodies, 8, 0, Duration.ZERO, Duration.ofSeconds(2)).events();
          System.err.printf("export: loaded %,d events (%,.0f/s)%n", loaded, loaded / ((System.nanoTime() - t0) / 1e9));
        }
        JsonNode h = Json.mapper().readTree(server.health());
        while (h.path("processingLag").path("pending").asLong() > 0) {
          Thread.sleep(500);
          h = Json.mapper().readTree(server.health());
        }
        out.put("events_accepted", loaded);
        out.put("load_events_per_s", Math.round(loaded / ((System.nanoTime() - t0) / 1e9)));
      }
      settle(server.pid(), Duration.ofSeconds(intFlag("settle-max", 180)));
      // The events stored, as a query counts them (an aggregation over all time).
      HttpResponse<String> count = http.send(HttpRequest.newBuilder(server.base.resolve(QueryMix.AGGREGATE))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"last\":\"3650d\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      stored = Json.mapper().readTree(count.body()).path("total").asLong(-1);
      out.put("events_stored", stored);
      // Anchor: the query mix's first question on the loading server (-Xmx2g), 5 untimed then 20 timed.
      String[] newest = QueryMix.questions().values().iterator().next();
      Histogram q = new Histogram(3_600_000_000L, 3);
      for (int i = 0; i < 25; i++) {
        long micros = Math.abs(ask(http, server, token, "newest", newest, new long[1]));
        if (i >= 5) {
          q.recordValue(micros);
        }
      }
      out.put("anchor_query_newest100_p50_ms", round(q.getValueAtPercentile(50) / 1000.0));
    }
    String exportJvm = flags.getOrDefault("export-jvm", "-Xmx256m -XX:+UseParallelGC");
    out.put("export_server_jvm", exportJvm);
    String previous = flags.put("server-jvm", exportJvm);
    ServerProcess small;
    try {
      small = startServer(name);
    } finally {
      if (previous == null) {
        flags.remove("server-jvm");
      } else {
        flags.put("server-jvm", previous);
      }
    }
    try (ServerProcess server = small) {
      settle(server.pid(), Duration.ofSeconds(60));
      out.put("data_dir_mb", dirSize(server.dataDir) >> 20);
      // Anchor: a plain sequential read of the store's files (what the export decodes from).
      long t0 = System.nanoTime();
      long read = 0;
      byte[] buf = new byte[1 << 20];
      try (java.util.stream.Stream<Path> files = Files.walk(server.dataDir.resolve("store"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          try (java.io.InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
              read += n;
            }
          }
        }
      }
      double readSeconds = (System.nanoTime() - t0) / 1e9;
      out.put("anchor_store_read_mb", read >> 20);
      out.put("anchor_store_read_mb_per_s", round(read / readSeconds / (1 << 20)));
      for (String format : flags.getOrDefault("formats", "csv,ndjson").split(",")) {
        System.err.println("export: reading the " + format + " export");
        Map<String, Object> m = ExportWatch.run(http, server.base, token, format, server.pid());
        m.put("equals_events_stored", ((Number) m.get("events")).longValue() == stored);
        out.put(format, m);
        print(m);
      }
      out.put("server_peak_rss_mb", ProcStats.of(server.pid()).peakRssBytes() >> 20);
    } finally {
      if (flags.containsKey("reuse-data")) {
        Files.move(work.resolve(name), Path.of(flags.get("reuse-data")));
      } else if (flags.containsKey("keep-data")) {
        Files.move(work.resolve(name), Path.of(flags.get("keep-data")));
        System.err.println("kept the data in " + flags.get("keep-data"));
      }
    }
    print(out);
    return out;
  }

  /**
   * Asks one question ({path, body}) as tenant {@code token}: the microseconds it took, negative for
   * a 503 (the query deadline passed); what it found (events of a page, events counted) goes to
   * {@code found[0]}.
   */
  private static long ask(HttpClient http, ServerProcess server, String token, String name, String[] question,
      long[] found) throws Exception {
    long s = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.base.resolve(question[0]))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(question[1])).build(), HttpResponse.BodyHandlers.ofString());
    long micros = Math.max(1, (System.nanoTime() - s) / 1000);
    if (r.statusCode() == 503) {
      return -micros;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(name + ": " + r.body());
    }
    if (found.length > 1) {
      found[1] = serverMicros(r.headers().firstValue("Server-Timing").orElse(""));
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

  /**
   * Waits until the server uses less than a tenth of a core over two seconds (its background work
   * done), at most {@code max}; returns the seconds waited.
   */
  private static double settle(long pid, Duration max) throws InterruptedException {
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
   * Archive size against the same events as NDJSON (the stored form the API returns), raw and
   * under zstd -19: loads {@code --events N} through a runtime, stops it, and reads its archive.
   */
  private Map<String, Object> archiveSize() throws Exception {
    long target = Long.parseLong(flags.getOrDefault("events", "1000000"));
    Corpus corpus = corpus();
    List<RequestBody> bodies = bodies(corpus, flags.getOrDefault("format", "ndjson"), 1000, intFlag("bodies", 1024));
    Path data;
    long bodiesSent;
    try (ServerProcess server = startServer("tributary-archive")) {
      HttpLoad load = new HttpLoad(server.base, loadTokens(), contentType(flags.getOrDefault("format", "ndjson")),
          encoding(), "");
      long loaded = 0;
      while (loaded < target) {
        loaded += load.run(bodies, 4, 0, Duration.ZERO, Duration.ofSeconds(1)).events();
      }
      bodiesSent = load.bodiesSent();
      JsonNode h = Json.mapper().readTree(server.health());
      while (h.path("processingLag").path("pending").asLong() > 0) {
        Thread.sleep(500);
        h = Json.mapper().readTree(server.health());
      }
      data = server.dataDir;
    }
    // The hour has ended for the measurement: compact as the runtime does once it has.
    long smallSegments;
    try (io.tributary.local.archive.DirectoryArchiveStore a =
        new io.tributary.local.archive.DirectoryArchiveStore(data.resolve("archive"))) {
      smallSegments = segmentFiles(data).size();
      io.tributary.archive.ArchiveCompactor compactor = new io.tributary.archive.ArchiveCompactor(a);
      for (io.tributary.event.TenantId t : a.tenants()) {
        java.util.Set<Long> hours = new java.util.TreeSet<>();
        a.list(t, 0, Long.MAX_VALUE / 4).forEach(k -> hours.add(k.hour()));
        for (long hour : hours) {
          compactor.compact(t, hour);
        }
      }
    }
    long archiveBytes = 0;
    long events = 0;
    java.io.ByteArrayOutputStream ndjson = new java.io.ByteArrayOutputStream(1 << 20);
    List<Path> segments = segmentFiles(data);
    long encodeNanos = 0;
    try (com.fasterxml.jackson.core.JsonGenerator g = Json.factory().createGenerator(ndjson)) {
      g.setRootValueSeparator(null);
      for (Path p : segments) {
        byte[] bytes = Files.readAllBytes(p);
        archiveBytes += bytes.length;
        List<io.tributary.event.LogEvent> list = io.tributary.archive.ArchiveSegments.decode(
            io.tributary.event.TenantId.of("x"), bytes);
        long t = System.nanoTime();
        io.tributary.archive.ArchiveSegments.encode(list);
        encodeNanos += System.nanoTime() - t;
        events += list.size();
        for (io.tributary.event.LogEvent e : list) {
          io.tributary.event.EventJson.write(e, g);
          g.writeRaw('\n');
        }
      }
    }
    byte[] raw = ndjson.toByteArray();
    long t0 = System.nanoTime();
    long zstd19 = com.github.luben.zstd.Zstd.compress(raw, 19).length;
    double z19Seconds = (System.nanoTime() - t0) / 1e9;
    long zstd3 = com.github.luben.zstd.Zstd.compress(raw, 3).length;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("bodies_sent", bodiesSent);
    out.put("bodies_in_pool", bodies.size());
    out.put("no_body_sent_twice", bodiesSent <= bodies.size());
    out.put("segments_before_compaction", smallSegments);
    out.put("segments", segments.size());
    out.put("ndjson_bytes", raw.length);
    out.put("ndjson_bytes_per_event", round((double) raw.length / events));
    out.put("zstd3_bytes", zstd3);
    out.put("zstd19_bytes", zstd19);
    out.put("zstd19_seconds", round(z19Seconds));
    out.put("archive_bytes", archiveBytes);
    out.put("archive_bytes_per_event", round((double) archiveBytes / events));
    out.put("archive_vs_ndjson", round((double) raw.length / archiveBytes));
    out.put("archive_vs_zstd19", round((double) zstd19 / archiveBytes));
    out.put("archive_encode_mb_per_s", round(raw.length / 1e6 / (encodeNanos / 1e9)));
    print(out);
    return out;
  }

  private static List<Path> segmentFiles(Path data) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(data.resolve("archive"))) {
      return s.filter(p -> p.toString().endsWith(io.tributary.archive.SegmentKey.SUFFIX)).sorted().toList();
    }
  }

  /** Bytes of the files under {@code dir}; a running server may remove files meanwhile, which are skipped. */
  private static long dirSize(Path dir) throws java.io.IOException {
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

  /** Processed events per second over the samples after {@code from}. */
  private static double steadyRate(List<long[]> samples, long from) {
    long[] first = null;
    long[] last = null;
    for (long[] s : samples) {
      if (s[0] >= from) {
        if (first == null) {
          first = s;
        }
        last = s;
      }
    }
    if (first == null || last == first) {
      return 0;
    }
    return (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);
  }

  private static Map<String, Object> report(String system, double eventsPerSecond, double rawBytesPerSecond,
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

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void print(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-22s %s%n", k, v)));
    System.err.print(sb);
  }
}
