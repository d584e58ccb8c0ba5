package io.tributary.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one {@code GET /api/logs/export} to the end as a client would, keeping nothing: counts
 * bytes and records (NDJSON lines; CSV records, CRLF outside quotes, less the header) while a
 * thread samples the server's resident memory every 250 ms.
 */
final class ExportWatch {

  private ExportWatch() {
  }

  static Map<String, Object> run(HttpClient http, URI base, String token, String format, long serverPid)
      throws IOException, InterruptedException {
    long[] rss = {Long.MAX_VALUE, 0, 0, 0}; // min, max, sum, samples
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        long r = ProcStats.of(serverPid).rssBytes();
        synchronized (rss) {
          rss[0] = Math.min(rss[0], r);
          rss[1] = Math.max(rss[1], r);
          rss[2] += r;
          rss[3]++;
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    long rssBefore = ProcStats.of(serverPid).rssBytes();
    double cpuBefore = ProcStats.of(serverPid).cpuSeconds();
    sampler.start();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("logs/export?format=" + format))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    long firstByteNanos = 0;
    long bytes = 0;
    long newlines = 0;
    boolean csv = format.equals("csv");
    boolean quoted = false;
    int prev = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = r.body()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (firstByteNanos == 0) {
          firstByteNanos = System.nanoTime() - t0;
        }
        bytes += n;
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (csv && b == '"') {
            quoted = !quoted;
          } else if (b == '\n' && !quoted && (!csv || prev == '\r')) {
            newlines++;
          }
          prev = b;
        }
      }
    } finally {
      done.set(true);
      sampler.interrupt();
      sampler.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long records = csv ? Math.max(0, newlines - 1) : newlines;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", r.statusCode());
    out.put("transfer_encoding", r.headers().firstValue("Transfer-Encoding").orElse(""));
    out.put("events", records);
    out.put("bytes", bytes);
    out.put("seconds", Math.round(seconds * 100) / 100.0);
    out.put("first_byte_ms", Math.round(firstByteNanos / 1e6));
    out.put("events_per_s", Math.round(records / seconds));
    out.put("mb_per_s", Math.round(bytes / seconds / (1 << 20) * 10) / 10.0);
    out.put("server_cpu_s", Math.round((ProcStats.of(serverPid).cpuSeconds() - cpuBefore) * 10) / 10.0);
    synchronized (rss) {
      out.put("server_rss_before_mb", rssBefore >> 20);
      out.put("server_rss_min_mb", rss[3] == 0 ? 0 : rss[0] >> 20);
      out.put("server_rss_mean_mb", rss[3] == 0 ? 0 : (rss[2] / rss[3]) >> 20);
      out.put("server_rss_max_mb", rss[1] >> 20);
      out.put("rss_samples", rss[3]);
    }
    return out;
  }
}
