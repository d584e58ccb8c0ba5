package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.Role;
import io.tributary.config.Settings;
import io.tributary.functions.testing.RedisServer;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runtime instances whose rate limiter is one real redis-server share a tenant's limit: offered
 * several times the limit through both for a few seconds, together they accept the limit times the
 * time plus the burst, within 10 %. Skipped without redis-server unless TRIBUTARY_REQUIRE_REDIS=1.
 */
class SharedRateLimitAcrossInstancesTest {

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  private static final int EVENTS_PER_SECOND = 500;
  private static final int BATCH = 50;
  private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(4);

  @TempDir
  Path dirA;
  @TempDir
  Path dirB;

  private static RuntimeFixture instance(Path dir) throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(Settings.WORKER_THREADS.name(), "4");
    s.put(Settings.RATE_LIMITER.name(), "redis");
    s.put(Settings.REDIS_URL.name(), "redis://" + REDIS.host() + ":" + REDIS.port());
    RuntimeFixture fx = RuntimeFixture.start(s);
    // Each instance has its own configuration store here; both give the tenant the same limits.
    fx.runtime.app().tenants().create(Json.mapper().readTree("{\"id\":\"shared\",\"plan\":\"free\",\"limits\":"
        + "{\"eventsPerSecond\":" + EVENTS_PER_SECOND + ",\"bytesPerSecond\":100000000,\"burstSeconds\":1}}"), "test");
    return fx;
  }

  @Test
  void twoInstancesTogetherAcceptTheSharedLimitWithinTenPercent() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < BATCH; i++) {
      b.append("shared limit line ").append(i).append('\n');
    }
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    try (RuntimeFixture a = instance(dirA); RuntimeFixture c = instance(dirB)) {
      List<RuntimeFixture> instances = List.of(a, c);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        // Warm up (connections, JIT) so that the measured senders are busy from the start, then let
        // the bucket fill again: a full bucket that nobody draws from would waste tokens.
        for (RuntimeFixture fx : instances) {
          for (int i = 0; i < 20; i++) {
            fx.ingestAs(fx.token("shared", Role.LOGS_WRITE), "text/plain", body, null);
          }
        }
        Thread.sleep(1_200);
        CountDownLatch ready = new CountDownLatch(4);
        long[] startAt = new long[1];
        List<Future<long[]>> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          RuntimeFixture fx = instances.get(i % 2);
          String token = fx.token("shared", Role.LOGS_WRITE);
          senders.add(pool.submit(() -> {
            ready.countDown();
            ready.await();
            long start = System.nanoTime();
            synchronized (startAt) {
              startAt[0] = startAt[0] == 0 ? start : Math.min(startAt[0], start);
            }
            long accepted = 0;
            long refused = 0;
            while (System.nanoTime() - start < RUN_NANOS) {
              HttpResponse<String> r = fx.ingestAs(token, "text/plain", body, null);
              if (r.statusCode() == 202) {
                accepted += BATCH;
              } else if (r.statusCode() == 429) {
                refused++;
              } else {
                throw new AssertionError(r.statusCode() + " " + r.body());
              }
              Thread.sleep(2);
            }
            return new long[] {accepted, refused};
          }));
        }
        long accepted = 0;
        long refused = 0;
        for (Future<long[]> f : senders) {
          long[] r = f.get();
          accepted += r[0];
          refused += r[1];
        }
        double seconds = (System.nanoTime() - startAt[0]) / 1e9;
        double allowed = EVENTS_PER_SECOND * seconds + EVENTS_PER_SECOND;
        String figures = "accepted " + accepted + " events in " + String.format("%.2f", seconds) + " s ("
            + refused + " requests refused); the shared limit allows " + Math.round(allowed);
        System.out.println("two instances sharing redis: " + figures);
        assertTrue(refused > 0, "the load was over the limit: " + figures);
        assertTrue(Math.abs(accepted - allowed) <= 0.10 * allowed, figures);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
