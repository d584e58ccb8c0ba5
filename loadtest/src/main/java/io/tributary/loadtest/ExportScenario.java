package io.tributary.loadtest;

import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code run export --events N}: loads N events into one tenant (server {@code -Xms2g -Xmx2g}), stops
 * the server, starts it again on the same data under {@code --export-jvm} (default
 * {@code -Xmx256m}), and reads {@code GET /api/logs/export} to the end once per format of
 * {@code --formats} (csv,ndjson), sampling the server's RSS. Anchors of the same run: a plain read
 * of the store's files and the query mix's "newest 100" on the small-heap server.
 */
final class ExportScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    long target = Long.parseLong(h.flags.getOrDefault("events", "10000000"));
    h.flags.putIfAbsent("tenants", "1");
    Map<String, Object> out = new LinkedHashMap<>();
    String token = new TokenIssuer(ServerProcess.KEY, "tributary-local", "tributary", "tenant")
        .issue(TenantId.of("load-0"), List.of(io.tributary.auth.Role.LOGS_READ, io.tributary.auth.Role.LOGS_EXPORT),
            Instant.now(), Duration.ofHours(6));
    HttpClient http = HttpClient.newHttpClient();
    String name = "tributary-export";
    if (h.flags.containsKey("reuse-data")) {
      // The data of an earlier run (--keep): its folder is moved into this run's and moved back after.
      Files.move(Path.of(h.flags.get("reuse-data")), h.work.resolve(name));
    }
    long stored;
    try (ServerProcess server = h.startServer(name)) {
      if (!h.flags.containsKey("reuse-data")) {
        List<RequestBody> bodies = h.bodies(h.corpus(), "ndjson", 1000, h.intFlag("bodies", 256));
        long t0 = System.nanoTime();
        long loaded = Harness.loadUntil(h.ndjsonLoad(server), bodies, target, "export");
        Harness.awaitProcessed(server);
        out.put("events_accepted", loaded);
        out.put("load_events_per_s", Math.round(loaded / ((System.nanoTime() - t0) / 1e9)));
      }
      Harness.settle(server.pid(), Duration.ofSeconds(h.intFlag("settle-max", 180)));
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
      try (QueryClient asker = QueryClient.of(h.flags.getOrDefault("client", "raw"), server)) {
        for (int i = 0; i < 25; i++) {
          long micros = Math.abs(Harness.ask(asker, token, "newest", newest, new long[1]));
          if (i >= 5) {
            q.recordValue(micros);
          }
        }
      }
      out.put("anchor_query_newest100_p50_ms", Harness.round(q.getValueAtPercentile(50) / 1000.0));
    }
    String exportJvm = h.flags.getOrDefault("export-jvm", "-Xmx256m -XX:+UseParallelGC");
    out.put("export_server_jvm", exportJvm);
    ServerProcess small = h.startServer(name, "server-jvm", exportJvm);
    try (ServerProcess server = small) {
      Harness.settle(server.pid(), Duration.ofSeconds(60));
      out.put("data_dir_mb", Harness.dirSize(server.dataDir) >> 20);
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
      out.put("anchor_store_read_mb_per_s", Harness.round(read / readSeconds / (1 << 20)));
      for (String format : h.flags.getOrDefault("formats", "csv,ndjson").split(",")) {
        System.err.println("export: reading the " + format + " export");
        Map<String, Object> m = ExportWatch.run(http, server.base, token, format, server.pid());
        m.put("equals_events_stored", ((Number) m.get("events")).longValue() == stored);
        out.put(format, m);
        Harness.print(m);
      }
      out.put("server_peak_rss_mb", ProcStats.of(server.pid()).peakRssBytes() >> 20);
    } finally {
      if (h.flags.containsKey("reuse-data")) {
        Files.move(h.work.resolve(name), Path.of(h.flags.get("reuse-data")));
      } else if (h.flags.containsKey("keep-data")) {
        Files.move(h.work.resolve(name), Path.of(h.flags.get("keep-data")));
        System.err.println("kept the data in " + h.flags.get("keep-data"));
      }
    }
    out.put("anchor", Harness.anchor("a plain read of the store's files, and the newest 100 on the loading server, same run",
        Map.of("store_read_mb_per_s", out.getOrDefault("anchor_store_read_mb_per_s", 0),
            "query_newest100_p50_ms", out.getOrDefault("anchor_query_newest100_p50_ms", 0))));
    Harness.print(out);
    return out;
  }
}
