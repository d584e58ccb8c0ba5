package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * {@code run e2e --seconds S [--rate R] [--warmup W] [--check-archive] [--alerts] [--store S]
 * [--anchor lucene|none]}: ingest under load while a marker thread sends a tagged event every
 * 200 ms and polls a query until it appears (202 to queryable), a live tail times each marker's
 * arrival (202 to the tail), and with {@code --alerts} a webhook each firing; processing rate, lag,
 * end to end rate. The anchor is the same pipeline, the same load, on the Lucene store, in the same
 * run (issue 19: end to end at least 3x that).
 */
final class EndToEndScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    String store = h.flags.getOrDefault("store", "blocks");
    Map<String, Object> out = measure(h, store);
    String anchorStore = h.flags.getOrDefault("anchor", "lucene");
    if (anchorStore.equals("none") || anchorStore.equals(store)) {
      out.put("anchor", Harness.anchor("none (--anchor none)", Map.of()));
      return out;
    }
    Map<String, Object> a = measure(h, anchorStore);
    Map<String, Object> figures = new LinkedHashMap<>();
    for (String k : List.of("end_to_end_events_per_s", "processed_events_per_s", "ingest_events_per_s",
        "visible_p50_ms", "visible_p99_ms", "drain_seconds_after_load")) {
      figures.put(k, a.get(k));
    }
    out.put("anchor", Harness.anchor("the same pipeline and load on the " + anchorStore + " store, same run", figures));
    out.put("end_to_end_vs_anchor", Harness.round(((Number) out.get("end_to_end_events_per_s")).doubleValue()
        / Math.max(1, ((Number) a.get("end_to_end_events_per_s")).doubleValue())));
    return out;
  }

  static Map<String, Object> measure(Harness h, String store) throws Exception {
    String name = "blocks".equals(store) ? "tributary-e2e" : "tributary-e2e-" + store;
    Corpus corpus = h.corpus();
    int batch = h.intFlag("batch", 1000);
    List<RequestBody> bodies = h.bodies(corpus, "ndjson", batch, h.intFlag("bodies", 64));
    try (ServerProcess server = h.startServer(name, "store", store)) {
      HttpClient http = HttpClient.newHttpClient();
      String markerToken = Harness.token("marker");
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
      AlertWatch alerts = h.flags.containsKey("alerts")
          ? new AlertWatch(h.flags.get("alerts").equals("true") ? "ok" : h.flags.get("alerts")) : null;
      if (alerts != null) {
        HttpResponse<String> rule = http.send(HttpRequest.newBuilder(server.base.resolve("alerts"))
            .header("Authorization", "Bearer " + markerToken).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alerts.rule("marker"))).build(),
            HttpResponse.BodyHandlers.ofString());
        if (rule.statusCode() != 201) {
          throw new IllegalStateException("creating the alert rule: " + rule.statusCode() + " " + rule.body());
        }
      }
      HttpLoad load = h.ndjsonLoad(server);
      JsonNode h0 = Json.mapper().readTree(server.health());
      long start = System.nanoTime();
      markers.start();
      List<long[]> samples = new ArrayList<>();
      List<ServerThreads> threadSamples = new ArrayList<>();
      Thread sampler = new Thread(() -> {
        while (!stop.get()) {
          try {
            JsonNode sample = Json.mapper().readTree(server.health());
            samples.add(new long[] {System.nanoTime(), sample.path("since").path("processedEvents").asLong(),
                sample.path("since").path("acceptedEvents").asLong(), sample.path("processingLag").path("pending").asLong()});
            threadSamples.add(ServerThreads.of(server.pid()));
            Thread.sleep(1000);
          } catch (Exception e) {
            return;
          }
        }
      }, "sampler");
      sampler.start();
      HttpLoad.Result r = load.run(bodies, h.intFlag("connections", 8), h.rate(), h.warmup(), h.seconds());
      stop.set(true);
      markers.join();
      sampler.join();
      long loadEnd = System.nanoTime();
      long drainDeadline = loadEnd + Duration.ofSeconds(300).toNanos();
      JsonNode health = Json.mapper().readTree(server.health());
      while (health.path("processingLag").path("pending").asLong() > 0 && System.nanoTime() < drainDeadline) {
        Thread.sleep(200);
        health = Json.mapper().readTree(server.health());
      }
      double drainSeconds = (System.nanoTime() - loadEnd) / 1e9;
      // The tail may still bring markers once processing drained; give it a little more, then stop it.
      long tailDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < tailDeadline && !allArrived(acked202, tail::arrival)) {
        Thread.sleep(50);
      }
      tail.close();
      long accepted = health.path("since").path("acceptedEvents").asLong() - h0.path("since").path("acceptedEvents").asLong();
      long processed = health.path("since").path("processedEvents").asLong() - h0.path("since").path("processedEvents").asLong();
      double steady = steadyRate(samples, start + h.warmup().toNanos());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("system", "tributary-e2e");
      out.put("store", store);
      out.put("ingest_events_per_s", Math.round(r.eventsPerSecond()));
      out.put("ingest_p99_ms", Harness.round(r.latencyMicros().getValueAtPercentile(99) / 1000.0));
      out.put("processed_events_per_s", Math.round(steady));
      out.put("accepted_events", accepted);
      out.put("processed_events", processed);
      out.put("drain_seconds_after_load", Harness.round(drainSeconds));
      long maxLagEvents = 0;
      for (long[] sample : samples) {
        maxLagEvents = Math.max(maxLagEvents, sample[2] - sample[1]);
      }
      out.put("max_processing_lag_events", maxLagEvents);
      out.put("max_processing_lag_journal_bytes", samples.stream().mapToLong(x -> x[3]).max().orElse(0));
      out.put("end_to_end_events_per_s", Math.round(processed / ((loadEnd - start) / 1e9 + drainSeconds)));
      Histogram visible = new Histogram(3_600_000_000L, 3);
      Histogram visibleAll = new Histogram(3_600_000_000L, 3);
      long steadyFrom = start + h.warmup().toNanos();
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
      out.put("visible_p50_ms", Harness.round(visible.getValueAtPercentile(50) / 1000.0));
      out.put("visible_p99_ms", Harness.round(visible.getValueAtPercentile(99) / 1000.0));
      out.put("visible_max_ms", Harness.round(visible.getMaxValue() / 1000.0));
      out.put("visible_samples", visible.getTotalCount());
      out.put("visible_p99_with_warmup_ms", Harness.round(visibleAll.getValueAtPercentile(99) / 1000.0));
      // The five slowest markers as [ms after the load started, ms to become visible].
      out.put("visible_slowest", worst.subList(0, Math.min(5, worst.size())));
      // The first minute after the server's start, ten seconds at a time (issue 19: the cold start).
      out.put("cold_start_windows", ColdStartWindows.of(start, visibleSamples, samples, threadSamples));
      out.put("server_start_ms", server.startMillis);
      if (threadSamples.size() >= 2) {
        int lastSample = threadSamples.size() - 1;
        out.put("server_cpu_cores_by_role", threadSamples.get(lastSample).coresSince(threadSamples.get(0),
            (samples.get(lastSample)[0] - samples.get(0)[0]) / 1e9));
      }
      // Live tail: from each marker's 202 to its event on the tail (match by tag), after the warm-up.
      out.putAll(arrivals("tail", acked202, tail::arrival, steadyFrom));
      // Alerts: from each marker's 202 to its firing notification at the webhook.
      if (alerts != null) {
        long alertDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < alertDeadline && !allArrived(acked202, alerts::arrival)) {
          Thread.sleep(50);
        }
        out.putAll(arrivals("webhook", acked202, alerts::arrival, steadyFrom));
        out.put("webhook_duplicates", alerts.duplicates());
        out.put("webhook_bad_signatures", alerts.badSignatures());
        out.put("webhook_resolved", alerts.resolved());
        out.put("webhook_receiver", h.flags.get("alerts").equals("true") ? "ok" : h.flags.get("alerts"));
        out.put("webhook_failed_attempts", alerts.failedAttempts());
        alerts.close();
      }
      out.put("tail_drops", tail.drops());
      out.put("tail_reopens", tail.reopens());
      out.put("server_peak_rss_mb", ProcStats.of(server.pid()).peakRssBytes() >> 20);
      server.close();
      if (h.flags.containsKey("check-archive")) {
        out.putAll(checkArchive(h.work.resolve(name).resolve("archive"), accepted));
      }
      Harness.print(out);
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
    out.put(name + "_visible_p50_ms", Harness.round(steady.getValueAtPercentile(50) / 1000.0));
    out.put(name + "_visible_p99_ms", Harness.round(steady.getValueAtPercentile(99) / 1000.0));
    out.put(name + "_visible_max_ms", Harness.round(steady.getMaxValue() / 1000.0));
    out.put(name + "_markers_seen", steady.getTotalCount());
    out.put(name + "_markers_missed", missed);
    out.put(name + "_visible_p99_with_warmup_ms", Harness.round(all.getValueAtPercentile(99) / 1000.0));
    out.put(name + "_markers_missed_with_warmup", missedAll);
    out.put(name + "_arrived_before_202", before202);
    return out;
  }

  /** Whether every marker answered 202 so far has arrived ({@code arrivalOf} its tag is not null). */
  private static boolean allArrived(List<Map.Entry<String, Long>> acked,
      java.util.function.Function<String, Long> arrivalOf) {
    synchronized (acked) {
      for (Map.Entry<String, Long> m : acked) {
        if (arrivalOf.apply(m.getKey()) == null) {
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
}
