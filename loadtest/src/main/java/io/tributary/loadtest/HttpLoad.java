package io.tributary.loadtest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives {@code POST /api/logs/ingest} with many keep-alive connections. Closed loop (each
 * connection sends as soon as its last answer came) or at a fixed rate, where each request has an
 * intended start time and its latency counts from then, so a stalled server is charged for every
 * request it delayed (no coordinated omission).
 */
final class HttpLoad {

  /** What a run did in its measured window. */
  record Result(double seconds, long requests, long events, long rawBytes, long wireBytes,
      Map<Integer, Long> statuses, Histogram latencyMicros, long errors, long refusedBeforeBody) {

    double eventsPerSecond() {
      return events / seconds;
    }
  }

  private final URI base;
  private final String[] tokens;
  private final String contentType;
  private final String encoding;
  private final String query;
  private final AtomicLong nextBody = new AtomicLong();
  /** Whether a connection waits after a 429 or 503 (a well-behaved client) or sends on at its pace. */
  private final boolean backsOff;

  /** @param tokens one per tenant; connection {@code c} sends as tenant {@code c % tokens.length} */
  HttpLoad(URI base, String[] tokens, String contentType, String encoding, String query) {
    this(base, tokens, contentType, encoding, query, true);
  }

  /** @param backsOff false for a client that ignores Retry-After and keeps its rate (a tenant over its limit) */
  HttpLoad(URI base, String[] tokens, String contentType, String encoding, String query, boolean backsOff) {
    this.backsOff = backsOff;
    this.base = base;
    this.tokens = tokens;
    this.contentType = contentType;
    this.encoding = encoding;
    this.query = query;
  }

  /**
   * @param eventsPerSecond 0 for closed loop
   * @param warmup sent but not counted
   */
  Result run(List<RequestBody> bodies, int connections, double eventsPerSecond, Duration warmup, Duration measured)
      throws InterruptedException {
    byte[][] heads = new byte[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      heads[i] = RawHttpConnection.head("POST", base.getPath() + "logs/ingest" + (query.isEmpty() ? "" : "?" + query),
          "Authorization: Bearer " + tokens[i], "Content-Type: " + contentType, "Content-Encoding: " + encoding);
    }
    int perBody = bodies.get(0).events();
    long intervalNanos = eventsPerSecond > 0 ? (long) (1e9 * perBody / eventsPerSecond) : 0;
    long start = System.nanoTime() + 200_000_000L;
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measured.toNanos();
    AtomicLong slot = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong raw = new AtomicLong();
    AtomicLong wire = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong early = new AtomicLong();
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Histogram h = new Histogram(3_600_000_000L, 3);
      histograms.add(h);
      int id = c;
      byte[] head = heads[c % heads.length];
      Thread t = new Thread(() -> {
        try (RawHttpConnection conn = new RawHttpConnection(base.getHost(), base.getPort())) {
          long k = 0;
          while (true) {
            long intended;
            if (intervalNanos > 0) {
              k = slot.getAndIncrement();
              intended = start + k * intervalNanos;
              if (intended >= end) {
                return;
              }
              long wait = intended - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
            } else {
              intended = Math.max(System.nanoTime(), start);
              if (intended >= end) {
                return;
              }
              long wait = start - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
            }
            // Every send takes the next body of the pool, across connections and across runs, so no
            // body goes twice until the pool is used up (see bodiesSent).
            RequestBody b = bodies.get((int) (nextBody.getAndIncrement() % bodies.size()));
            RawHttpConnection.Response r;
            try {
              r = conn.send(head, b.bytes());
            } catch (Exception e) {
              if (intended >= measureFrom) {
                errors.incrementAndGet();
              }
              LockSupport.parkNanos(10_000_000L);
              continue;
            }
            long done = System.nanoTime();
            if (intended >= measureFrom && done <= end + 10_000_000_000L) {
              h.recordValue(Math.max(0, (done - intended) / 1000));
              requests.incrementAndGet();
              statuses.computeIfAbsent(r.status(), s -> new AtomicLong()).incrementAndGet();
              if (r.status() >= 400 && r.closed()) {
                early.incrementAndGet();
              }
              if (r.status() == 202) {
                events.addAndGet(accepted(r.body()));
                raw.addAndGet(b.rawBytes());
                wire.addAndGet(b.bytes().length);
              }
            }
            if (backsOff && (r.status() == 503 || r.status() == 429)) {
              LockSupport.parkNanos(Math.max(1, r.retryAfterSeconds()) * 100_000_000L);
            }
          }
        }
      }, "load-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Histogram all = new Histogram(3_600_000_000L, 3);
    histograms.forEach(all::add);
    Map<Integer, Long> st = new TreeMap<>();
    statuses.forEach((k, v) -> st.put(k, v.get()));
    return new Result(measured.toNanos() / 1e9, requests.get(), events.get(), raw.get(), wire.get(), st, all,
        errors.get(), early.get());
  }

  /** How many bodies this load has sent in all its runs (more than the pool means repeats). */
  long bodiesSent() {
    return nextBody.get();
  }

  /** The "accepted" count of a 202 receipt, read without a JSON parser. */
  static long accepted(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 64), StandardCharsets.US_ASCII);
    int i = s.indexOf("\"accepted\":");
    if (i < 0) {
      return 0;
    }
    int j = i + 11;
    long n = 0;
    while (j < s.length() && Character.isDigit(s.charAt(j))) {
      n = n * 10 + (s.charAt(j++) - '0');
    }
    return n;
  }
}
