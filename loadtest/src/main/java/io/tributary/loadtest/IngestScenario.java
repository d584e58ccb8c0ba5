package io.tributary.loadtest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run ingest --seconds S --connections C [--rate R] [--batch B] [--format ndjson|text|json]
 * [--url URL] [--anchor kafka|none]}: ingest throughput and the 202's latency of one server (or of
 * {@code --url}), then, as the anchor, the same events into Apache Kafka in this process
 * ({@link KafkaAnchorScenario}) for the same time.
 */
final class IngestScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    Map<String, Object> out = measure(h);
    if (!"none".equals(h.flags.get("anchor"))) {
      Map<String, Object> k = KafkaAnchorScenario.measure(h);
      out.put("anchor", Harness.anchor("Apache Kafka in this process, the same events, acks=all (anchor-kafka)",
          Map.of("events_per_s", k.get("events_per_s"), "p99_ms", k.get("p99_ms"))));
      out.put("vs_anchor", Harness.round(((Number) out.get("events_per_s")).doubleValue()
          / ((Number) k.get("events_per_s")).doubleValue()));
    } else {
      out.put("anchor", Harness.anchor("none (--anchor none)", Map.of()));
    }
    return out;
  }

  /** The ingest measurement alone. */
  static Map<String, Object> measure(Harness h) throws Exception {
    String format = h.flags.getOrDefault("format", "ndjson");
    int batch = h.intFlag("batch", 1000);
    int connections = h.intFlag("connections", 16);
    Corpus corpus = h.corpus();
    List<RequestBody> bodies = h.bodies(corpus, format, batch, h.intFlag("bodies", 64));
    ServerProcess server = h.flags.containsKey("url") ? null : h.startServer("tributary");
    URI base = server != null ? server.base : URI.create(h.flags.get("url").replaceAll("/?$", "/") + "api/");
    try {
      HttpLoad load = new HttpLoad(base, h.loadTokens(), Harness.contentType(format), h.encoding(), "");
      ProcStats before = server != null ? ProcStats.of(server.pid()) : null;
      ServerThreads threadsBefore = server != null ? ServerThreads.of(server.pid()) : null;
      long t0 = System.nanoTime();
      HttpLoad.Result r = load.run(bodies, connections, h.rate(), h.warmup(), h.seconds());
      double wall = (System.nanoTime() - t0) / 1e9;
      ProcStats after = server != null ? ProcStats.of(server.pid()) : null;
      ServerThreads threadsAfter = server != null ? ServerThreads.of(server.pid()) : null;
      Map<String, Object> out = new LinkedHashMap<>(
          Harness.report("tributary", r.eventsPerSecond(), r.rawBytes() / r.seconds(), r.latencyMicros()));
      out.put("format", format);
      out.put("encoding", h.encoding());
      out.put("batch", batch);
      out.put("connections", connections);
      out.put("tenants", h.intFlag("tenants", 4));
      out.put("server_roles", h.flags.getOrDefault("roles", "ingest,process,query"));
      out.put("rate", h.rate());
      out.put("requests", r.requests());
      out.put("statuses", r.statuses());
      out.put("errors", r.errors());
      out.put("wire_mb_per_s", Harness.round(r.wireBytes() / r.seconds() / 1e6));
      if (server != null) {
        out.put("server_cpu_cores", Harness.round((after.cpuSeconds() - before.cpuSeconds()) / wall));
        // Which of the server's threads used those cores (ingest, processing, compaction, JIT, GC...).
        out.put("server_cpu_cores_by_role", threadsAfter.coresSince(threadsBefore, wall));
        out.put("server_rss_mb", after.rssBytes() >> 20);
        out.put("server_peak_rss_mb", after.peakRssBytes() >> 20);
      }
      Harness.print(out);
      return out;
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
