package io.tributary.loadtest;

import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run archive-size --events N [--format ndjson|text|json]}: the archive's size against the
 * same events as NDJSON (the stored form the API returns), raw and under zstd -3 and -19 (the
 * anchor): loads N events through a runtime, stops it, compacts its archive as the runtime does when
 * an hour ends, and reads it.
 */
final class ArchiveSizeScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    long target = Long.parseLong(h.flags.getOrDefault("events", "1000000"));
    Corpus corpus = h.corpus();
    List<RequestBody> bodies = h.bodies(corpus, h.flags.getOrDefault("format", "ndjson"), 1000, h.intFlag("bodies", 1024));
    Path data;
    long bodiesSent;
    try (ServerProcess server = h.startServer("tributary-archive")) {
      HttpLoad load = new HttpLoad(server.base, h.loadTokens(), Harness.contentType(h.flags.getOrDefault("format", "ndjson")),
          h.encoding(), "");
      long loaded = 0;
      while (loaded < target) {
        loaded += load.run(bodies, 4, 0, Duration.ZERO, Duration.ofSeconds(1)).events();
      }
      bodiesSent = load.bodiesSent();
      Harness.awaitProcessed(server);
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
    out.put("ndjson_bytes_per_event", Harness.round((double) raw.length / events));
    out.put("zstd3_bytes", zstd3);
    out.put("zstd19_bytes", zstd19);
    out.put("zstd19_seconds", Harness.round(z19Seconds));
    out.put("archive_bytes", archiveBytes);
    out.put("archive_bytes_per_event", Harness.round((double) archiveBytes / events));
    out.put("archive_vs_ndjson", Harness.round((double) raw.length / archiveBytes));
    out.put("archive_vs_zstd19", Harness.round((double) zstd19 / archiveBytes));
    out.put("archive_encode_mb_per_s", Harness.round(raw.length / 1e6 / (encodeNanos / 1e9)));
    out.put("anchor", Harness.anchor("zstd -19 of the same events as NDJSON, same run",
        Map.of("zstd19_bytes", zstd19, "zstd19_seconds", Harness.round(z19Seconds))));
    Harness.print(out);
    return out;
  }

  private static List<Path> segmentFiles(Path data) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(data.resolve("archive"))) {
      return s.filter(p -> p.toString().endsWith(io.tributary.archive.SegmentKey.SUFFIX)).sorted().toList();
    }
  }
}
