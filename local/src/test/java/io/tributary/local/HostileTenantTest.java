package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.Role;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.local.testing.TestFrames;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineReasons;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 10: tenant A sends decompression bombs, poison frames (damaged, undecodable,
 * with items that do not read back) and a flood, while tenant B ingests at a steady rate. B is
 * never refused, every one of B's events is stored exactly once and becomes queryable quickly (its
 * 202→queryable p99 is printed), A alone is held back by backpressure, nothing A got a 202 for is
 * lost, and A's poison is in the quarantine, once per frame.
 */
class HostileTenantTest {

  private static final Duration RUN = Duration.ofSeconds(7);
  /**
   * What "never starved" is held to here. The requirement is a p99 under 1 s, which this test prints
   * (558-737 ms measured on a 2-core machine at load average 12); the assertion leaves room for a
   * busier machine, and still fails at once on a stalled or refused B.
   */
  private static final long P99_BOUND_MILLIS = 3000;

  @TempDir
  Path dir;

  @Test
  void aHostileTenantNeitherStarvesNorRefusesNorLosesAnotherTenantsEvents() throws Exception {
    Map<String, String> settings = RuntimeFixture.settings(dir);
    settings.put("TRIBUTARY_MAX_LAG_BYTES", Integer.toString(16 << 10));
    try (RuntimeFixture fx = RuntimeFixture.start(settings)) {
      EventLog log = fx.runtime.app().eventLog();
      TenantId a = TenantId.of("hostile");
      TenantId b = null;
      for (int i = 0; b == null; i++) {
        if (log.partitionFor(TenantId.of("steady" + i)) != log.partitionFor(a)) {
          b = TenantId.of("steady" + i);
        }
      }
      String tokenA = fx.token(a.value(), Role.LOGS_WRITE, Role.LOGS_READ);
      String tokenB = fx.token(b.value(), Role.LOGS_WRITE, Role.LOGS_READ);
      AtomicBoolean stop = new AtomicBoolean();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();

      // A: bombs and poison, straight into its partition of the journal (ingest would judge them).
      AtomicInteger poisonFrames = new AtomicInteger();
      AtomicInteger bombs = new AtomicInteger();
      threads.add(new Thread(() -> {
        try {
          for (int round = 0; !stop.get(); round++) {
            if (round % 10 == 0 && bombs.get() < 2) {
              log.publish(a, List.of(TestFrames.bomb(a, 200_000))).get();
              bombs.incrementAndGet();
            }
            log.publish(a, List.of(TestFrames.garbage(), TestFrames.damagedPayload(a),
                TestFrames.withUnreadableItem(a, "poison-" + round + "-1", "poison-" + round + "-2"))).get();
            poisonFrames.addAndGet(3);
            Thread.sleep(300);
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "poison"));

      // A: a flood over HTTP, as fast as it is let in.
      Set<String> ackedA = ConcurrentHashMap.newKeySet();
      AtomicInteger refusedA = new AtomicInteger();
      for (int f = 0; f < 2; f++) {
        int flooder = f;
        threads.add(new Thread(() -> {
          try {
            // At least 30,000 events, and on until the gate has held A back once: the gate reads
            // the lag at most every 100 ms, and a warm runtime can take 30,000 small events in less.
            // Bounded, so that a gate that never refuses fails the test rather than filling the disk.
            for (int seq = 0; !stop.get() && (ackedA.size() < 30_000 || refusedA.get() == 0)
                && ackedA.size() < 300_000; seq++) {
              StringBuilder body = new StringBuilder();
              List<String> ids = new ArrayList<>();
              for (int i = 0; i < 500; i++) {
                String id = "flood-" + flooder + "-" + seq + "-" + i;
                ids.add(id);
                body.append("{\"id\":\"").append(id).append("\",\"message\":\"flood event number ").append(i)
                    .append("\"}\n");
              }
              HttpResponse<String> r = fx.ingestAs(tokenA, "application/x-ndjson",
                  body.toString().getBytes(StandardCharsets.UTF_8), null);
              if (r.statusCode() == 202) {
                ackedA.addAll(ids);
              } else if (r.statusCode() == 503 && r.body().contains("backpressure")) {
                refusedA.incrementAndGet();
                Thread.sleep(50);
              } else {
                failures.add(new AssertionError("flood got " + r.statusCode() + ": " + r.body()));
              }
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }, "flood-" + f));
      }

      // B: a steady rate, 5 events every 50 ms whatever the answers take; each request is timed from
      // its 202 to the first query (of B's newest events, every 20 ms) that returned it, 0 when one
      // returned it before the 202 arrived.
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      List<String> sentB = Collections.synchronizedList(new ArrayList<>());
      Map<String, Long> ackedAt = new ConcurrentHashMap<>();
      AtomicInteger refusedB = new AtomicInteger();
      AtomicInteger seqB = new AtomicInteger();
      List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
      ScheduledExecutorService steady = Executors.newSingleThreadScheduledExecutor();
      Runnable sendB = () -> {
        int seq = seqB.getAndIncrement();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5; i++) {
          String id = "b-" + seq + "-" + i;
          sentB.add(id);
          body.append("{\"id\":\"").append(id).append("\",\"message\":\"steady event ").append(i).append("\"}\n");
        }
        HttpRequest request = HttpRequest.newBuilder(fx.uri("logs/ingest")).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + tokenB).header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        inFlight.add(fx.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
          if (r.statusCode() == 202) {
            ackedAt.put("b-" + seq + "-4", System.nanoTime());
          } else {
            refusedB.incrementAndGet();
            failures.add(new AssertionError("B was refused: " + r.statusCode() + " " + r.body()));
          }
        }).exceptionally(t -> {
          failures.add(t);
          return null;
        }));
      };
      Map<String, Long> seenAt = new ConcurrentHashMap<>();
      threads.add(new Thread(() -> {
        try {
          long quietSince = 0;
          while (!stop.get() || !seenAt.keySet().containsAll(ackedAt.keySet())) {
            HttpResponse<String> q = fx.queryAs(tokenB, "{\"limit\":500}");
            long now = System.nanoTime();
            for (JsonNode e : io.tributary.json.Json.mapper().readTree(q.body()).path("events")) {
              seenAt.putIfAbsent(e.get("id").asText(), now);
            }
            if (stop.get() && quietSince == 0) {
              quietSince = now;
            }
            if (quietSince != 0 && now - quietSince > 30_000_000_000L) {
              break;
            }
            Thread.sleep(20);
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "steady-reader"));

      // The runtime shares this JVM (ParallelGC) with the tests before this one: leave their garbage
      // behind now rather than in a full collection during the measurement.
      System.gc();
      threads.forEach(Thread::start);
      steady.scheduleAtFixedRate(sendB, 0, 50, TimeUnit.MILLISECONDS);
      Thread.sleep(RUN.toMillis());
      steady.shutdown();
      assertTrue(steady.awaitTermination(10, TimeUnit.SECONDS));
      for (CompletableFuture<?> f : new ArrayList<>(inFlight)) {
        f.get(60, TimeUnit.SECONDS);
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
      }
      fx.awaitProcessed();

      for (Map.Entry<String, Long> acked : ackedAt.entrySet()) {
        Long seen = seenAt.get(acked.getKey());
        if (seen == null) {
          failures.add(new AssertionError(acked.getKey() + " was never seen by a query"));
        } else {
          latencies.add(Math.max(0, seen - acked.getValue()));
        }
      }
      assertEquals(List.of(), failures);
      assertEquals(0, refusedB.get(), "B was never refused");
      assertTrue(refusedA.get() > 0, "A's partition fell behind and only A was held back");

      Map<String, Integer> storedB = new HashMap<>();
      for (JsonNode e : fx.queryAll(Map.of(), tokenB)) {
        storedB.merge(e.get("id").asText(), 1, Integer::sum);
      }
      for (String id : sentB) {
        assertEquals(1, storedB.getOrDefault(id, 0), "B's event " + id + " is stored exactly once");
      }
      assertEquals(sentB.size(), storedB.size(), "nothing else under B");

      Map<String, Integer> storedA = new HashMap<>();
      for (JsonNode e : fx.queryAll(Map.of("q", "flood"), tokenA)) {
        storedA.merge(e.get("id").asText(), 1, Integer::sum);
      }
      for (String id : ackedA) {
        assertEquals(1, storedA.getOrDefault(id, 0), "A's acknowledged event " + id + " is stored exactly once");
      }

      List<QuarantineEntry> held = fx.runtime.app().quarantine().list();
      assertEquals(poisonFrames.get(), held.size(), "each poison frame quarantined once");
      assertEquals(poisonFrames.get() / 3, held.stream().filter(e -> e.tenant() == null).count());
      assertEquals(poisonFrames.get() / 3, held.stream()
          .filter(e -> e.reason().equals(QuarantineReasons.UNREADABLE_EVENTS)).count());
      assertTrue(held.stream().allMatch(e -> e.key().partition() == log.partitionFor(TenantId.of("hostile"))));

      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      long p50 = sorted.get(sorted.size() / 2) / 1_000_000L;
      long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1_000_000L;
      long max = sorted.get(sorted.size() - 1) / 1_000_000L;
      System.out.printf("hostile tenant: B %d requests (%d events) all 202; 202->queryable p50 %d ms, p99 %d ms, "
          + "max %d ms; A flooded %d events acked, %d requests refused (503), %d bombs of 200,000 events, "
          + "%d poison frames quarantined%n", latencies.size(), sentB.size(), p50, p99, max, ackedA.size(),
          refusedA.get(), bombs.get(), held.size());
      assertTrue(p99 < P99_BOUND_MILLIS, "B's 202->queryable p99 is " + p99 + " ms");
    }
  }
}
