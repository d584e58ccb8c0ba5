package io.tributary.loadtest;

import io.tributary.ingest.IngestCase;
import io.tributary.ingest.IngestCases;
import io.tributary.ingest.IngestReplayCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code loadtest/run fuzz-ingest --cases N [--seed S] [--from I] [--threads T]}: the long run of
 * the differential property test ({@code IngestReplayPropertyTest} runs a few thousand cases in
 * {@code mvn verify}). Case {@code i} is generated from a Random seeded by {@code (S, i)}, so a
 * failure reported as case {@code i} is reproduced alone with {@code --seed S --from i --cases 1}.
 * Prints the first failures with their requests, progress on stderr, and as its last line
 * {@code {"cases":…,"failures":…,"seed":…,"seconds":…}}. Runs in this process, no server, no disk.
 */
final class FuzzIngest {

  private static final int SHOWN_FAILURES = 10;

  private FuzzIngest() {
  }

  static Map<String, Object> run(Map<String, String> flags) throws Exception {
    long cases = Long.parseLong(flags.getOrDefault("cases", "100000"));
    long seed = flags.containsKey("seed") ? Long.parseLong(flags.get("seed")) : new Random().nextLong();
    long from = Long.parseLong(flags.getOrDefault("from", "0"));
    int threads = Integer.parseInt(flags.getOrDefault("threads", "1"));
    AtomicLong done = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong items = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong next = new AtomicLong(from);
    long end = from + cases;
    long start = System.nanoTime();
    System.err.println("fuzz-ingest: " + cases + " cases from " + from + ", seed " + seed + ", " + threads + " thread(s)");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Future<?>[] workers = new Future<?>[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = pool.submit(() -> {
        long i;
        while ((i = next.getAndIncrement()) < end) {
          IngestCase c = IngestCases.next(new Random(caseSeed(seed, i)));
          IngestReplayCheck.Outcome o = IngestReplayCheck.run(c);
          if (!o.ok()) {
            if (failures.incrementAndGet() <= SHOWN_FAILURES) {
              synchronized (System.out) {
                System.out.println("FAILURE case " + i + " (reproduce: --seed " + seed + " --from " + i
                    + " --cases 1): " + o.failure() + "\n  " + c.describe());
              }
            }
          } else if (o.refusal() != null) {
            refused.incrementAndGet();
          } else {
            accepted.incrementAndGet();
            events.addAndGet(o.accepted());
            if (o.itemsLayout()) {
              items.incrementAndGet();
            }
          }
          done.incrementAndGet();
        }
        return null;
      });
    }
    pool.shutdown();
    long lastReport = System.nanoTime();
    while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
      if (System.nanoTime() - lastReport > 30_000_000_000L) {
        lastReport = System.nanoTime();
        double s = (lastReport - start) / 1e9;
        System.err.printf("fuzz-ingest: %d cases (%.0f/s), %d failures%n", done.get(), done.get() / s, failures.get());
      }
    }
    for (Future<?> w : workers) {
      w.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", "fuzz-ingest");
    out.put("cases", done.get());
    out.put("failures", failures.get());
    out.put("seed", seed);
    out.put("from", from);
    out.put("seconds", Math.round(seconds * 10) / 10.0);
    out.put("casesPerSecond", Math.round(done.get() / seconds));
    out.put("acceptedRequests", accepted.get());
    out.put("refusedRequests", refused.get());
    out.put("itemsLayoutRequests", items.get());
    out.put("acceptedEvents", events.get());
    out.put("threads", threads);
    return out;
  }

  /** The seed of case {@code i} of a run: a mix of both, so that neighbouring cases are unrelated. */
  static long caseSeed(long seed, long i) {
    long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
