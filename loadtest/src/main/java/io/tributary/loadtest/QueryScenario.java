package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * {@code run query --events N [--store blocks|lucene|blocks,lucene] [--repeat R] [--warmup-calls W]
 * [--calls-csv FILE] [--client raw|jdk] [--pin] [--mixed] [--cache none|memory] [--keep-data DIR]}: loads N events (processed
 * and stored), then runs a mix of typical questions ({@link QueryMix}) {@code --repeat} times each and
 * reports their latency, as the client saw it and as the server timed it; with {@code --mixed},
 * ingest goes on at ten events written for every one read while the questions run. The anchor is
 * the Lucene store under the same load and questions, in the same run (the default
 * {@code --store blocks,lucene}).
 */
final class QueryScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    // Each store in turn, in one run (the same load, the same machine state); the default measures
    // the block store and, as the anchor, Lucene.
    List<String> stores = List.of(h.flags.getOrDefault("store", "blocks,lucene").split(","));
    Map<String, Object> out = new LinkedHashMap<>();
    for (String store : stores) {
      out.put(store, measure(h, store));
    }
    if (stores.size() > 1) {
      // Each question's p99 against the anchor's (the last store named): below 1 is faster.
      String anchor = stores.get(stores.size() - 1);
      @SuppressWarnings("unchecked")
      Map<String, Object> a = (Map<String, Object>) out.get(anchor);
      Map<String, Object> ratios = new LinkedHashMap<>();
      for (String store : stores.subList(0, stores.size() - 1)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) out.get(store);
        for (String question : QueryMix.questions().keySet()) {
          if (m.get(question) instanceof Map<?, ?> mq && a.get(question) instanceof Map<?, ?> aq) {
            ratios.put(store + "/" + question, Harness.round(((Number) mq.get("p99_ms")).doubleValue()
                / Math.max(0.01, ((Number) aq.get("p99_ms")).doubleValue())));
          }
        }
      }
      out.put("anchor", Harness.anchor("the same questions and load on the " + anchor + " store, same run",
          Map.of("store", anchor)));
      out.put("p99_vs_anchor", ratios);
    } else {
      out.put("anchor", Harness.anchor("none (one store named: --store blocks,lucene measures both)", Map.of()));
    }
    Harness.print(out);
    return out;
  }

  static Map<String, Object> measure(Harness h, String store) throws Exception {
    long target = Long.parseLong(h.flags.getOrDefault("events", "10000000"));
    int batch = 1000;
    Corpus corpus = h.corpus();
    List<RequestBody> bodies = h.bodies(corpus, "ndjson", batch, h.intFlag("bodies", 256));
    // The collector the runtime ships with (G1, as ./tributary starts it), on a fixed heap whose
    // pages are touched at start, so the collector's first copies into them do not fault them in
    // mid-query; the same for both stores. Under ParallelGC (the runs before 2026-11-30 04:20) the
    // garbage the load promoted stayed in the old generation (≈ 1 GB) and young pauses of 20-36 ms
    // fell in the timed calls; G1's mixed collections reclaim it (docs/benchmarks.md, run M).
    h.flags.putIfAbsent("server-jvm", "-Xms2g -Xmx2g -XX:+UseG1GC -XX:+AlwaysPreTouch");
    ServerProcess started = h.startServer("tributary-query-" + store, "store", store);
    Map<String, Object> result;
    try (ServerProcess server = started) {
      String[] tokens = h.loadTokens();
      HttpLoad load = h.ndjsonLoad(server);
      long t0 = System.nanoTime();
      long loaded = Harness.loadUntil(load, bodies, target, store);
      JsonNode health = Harness.awaitProcessed(server);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      // Background work after the load (compaction, segment merges) is let finish first, so that the
      // queries measure the store rather than the store and its merges on the same two cores.
      double settleSeconds = Harness.settle(server.pid(), Duration.ofSeconds(h.intFlag("settle-max", 180)));
      // Queries go to one tenant: it holds a quarter of the events with the default four tenants.
      String token = tokens[0];
      Map<String, String[]> mix = QueryMix.questions();
      if (h.flags.containsKey("questions")) {
        mix.keySet().retainAll(List.of(h.flags.get("questions").split(",")));
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = null;
      int repeat = h.intFlag("repeat", 50);
      if (h.flags.containsKey("mixed")) {
        // Ten written for one read: each query round is paired with ten events per query served.
        writer = new Thread(() -> {
          try {
            load.run(bodies, 2, h.intFlag("mixed-rate", 100_000), Duration.ZERO, Duration.ofSeconds(3600));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        writer.setDaemon(true);
        writer.start();
      }
      // --pin: for the timed calls only, the client (this process) on the first CPU and the server on
      // the others, so that neither one's threads (collector, compiler, timers) wait behind the other's
      // on a shared CPU; both stores alike. The load before and anything after run unpinned.
      int cpus = Runtime.getRuntime().availableProcessors();
      boolean pin = h.flags.containsKey("pin") && cpus > 1;
      String allCpus = "0-" + (cpus - 1);
      if (pin) {
        Harness.pin(server.pid(), "1-" + (cpus - 1));
        Harness.pin(ProcessHandle.current().pid(), "0");
      }
      QueryClient http = QueryClient.of(h.flags.getOrDefault("client", "raw"), server);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("system", "tributary-" + store);
      out.put("events_stored", health.path("since").path("processedEvents").asLong());
      out.put("load_seconds", Harness.round(loadSeconds));
      out.put("load_events_per_s", Math.round(loaded / loadSeconds));
      out.put("settle_seconds", Harness.round(settleSeconds));
      out.put("query_cache", h.flags.getOrDefault("cache", "none"));
      out.put("client", h.flags.getOrDefault("client", "raw"));
      Histogram all = new Histogram(3_600_000_000L, 3);
      // Every question is asked --warmup-calls times (default 5) first (caches filled, code compiled,
      // what that leaves to the collector collected) before any is timed; then the questions take
      // turns, round after round, so a pause of the server's falls on whichever question is running,
      // not on one. Each call's time as the client saw it and as the server reports it
      // (Server-Timing) are kept apart: a gap between the two is transport, client or scheduler.
      int warmupCalls = h.intFlag("warmup-calls", 5);
      Map<String, Integer> rounds = new LinkedHashMap<>();
      Map<String, Histogram> times = new LinkedHashMap<>();
      Map<String, Histogram> serverTimes = new LinkedHashMap<>();
      Map<String, long[]> found = new LinkedHashMap<>();
      Map<String, Integer> failed = new LinkedHashMap<>();
      for (Map.Entry<String, String[]> q : mix.entrySet()) {
        long slowest = 0;
        for (int i = 0; i < warmupCalls && slowest <= 1_000_000; i++) {
          slowest = Math.max(slowest, Math.abs(Harness.ask(http, token, q.getKey(), q.getValue(), new long[1])));
        }
        // Over a second a call (an aggregation a store can only page through): two rounds tell how
        // slow, and more would take minutes each.
        rounds.put(q.getKey(), slowest > 1_000_000 ? Math.min(repeat, 2) : repeat);
        times.put(q.getKey(), new Histogram(3_600_000_000L, 3));
        serverTimes.put(q.getKey(), new Histogram(3_600_000_000L, 3));
        found.put(q.getKey(), new long[2]);
        failed.put(q.getKey(), 0);
      }
      // The harness's own garbage (the load's bodies, the warm-up calls' answers) collected now, not
      // in a young pause that lands on a timed call: each young pause then copies only what the calls
      // in flight hold.
      System.gc();
      // --calls-csv FILE: every timed call, in order (store, round, question, client and server µs,
      // when it ended), to see when the slow ones came (and match them with a GC log's times).
      StringBuilder calls = new StringBuilder();
      for (int round = 0; round < repeat; round++) {
        for (Map.Entry<String, String[]> q : mix.entrySet()) {
          if (round >= rounds.get(q.getKey())) {
            continue;
          }
          long micros = Harness.ask(http, token, q.getKey(), q.getValue(), found.get(q.getKey()));
          calls.append(store).append(',').append(round).append(',').append(q.getKey()).append(',')
              .append(Math.abs(micros)).append(',').append(found.get(q.getKey())[1]).append(',')
              .append(java.time.Instant.now()).append('\n');
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
      if (h.flags.containsKey("calls-csv")) {
        Files.writeString(Path.of(h.flags.get("calls-csv")), calls, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      for (Map.Entry<String, String[]> q : mix.entrySet()) {
        Histogram hq = times.get(q.getKey());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50_ms", Harness.round(hq.getValueAtPercentile(50) / 1000.0));
        m.put("p99_ms", Harness.round(hq.getValueAtPercentile(99) / 1000.0));
        Histogram sq = serverTimes.get(q.getKey());
        if (sq.getTotalCount() > 0) {
          m.put("server_p50_ms", Harness.round(sq.getValueAtPercentile(50) / 1000.0));
          m.put("server_p99_ms", Harness.round(sq.getValueAtPercentile(99) / 1000.0));
        }
        m.put(q.getValue()[0].endsWith("aggregate") ? "events_counted" : "events_returned", found.get(q.getKey())[0]);
        m.put("rounds", rounds.get(q.getKey()));
        if (failed.get(q.getKey()) > 0) {
          m.put("timeouts_503", failed.get(q.getKey()));
        }
        out.put(q.getKey(), m);
      }
      stop.set(true);
      http.close();
      if (pin) {
        Harness.pin(ProcessHandle.current().pid(), allCpus);
        Harness.pin(server.pid(), allCpus);
      }
      out.put("pinned", pin ? "client cpu 0, server cpus 1-" + (cpus - 1) + " (timed calls only)" : "no");
      out.put("all_queries_p99_ms", Harness.round(all.getValueAtPercentile(99) / 1000.0));
      out.put("mixed_ingest", h.flags.containsKey("mixed"));
      out.put("server_peak_rss_mb", ProcStats.of(server.pid()).peakRssBytes() >> 20);
      out.put("data_dir_mb", Harness.dirSize(server.dataDir) >> 20);
      Harness.print(out);
      result = out;
    }
    if (h.flags.containsKey("keep-data")) {
      // For profiling queries in process (StoreQueryBench) on the same data, once the server is down.
      Path kept = Path.of(h.flags.get("keep-data")).resolve(store);
      Files.createDirectories(kept.getParent());
      Files.move(started.dataDir, kept);
      System.err.println("kept the data of " + store + " in " + kept);
    }
    return result;
  }
}
