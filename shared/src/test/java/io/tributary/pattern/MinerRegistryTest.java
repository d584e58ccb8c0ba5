package io.tributary.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MinerRegistryTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");

  @Test
  void keepsOneMinerPerTenantAndService() {
    MinerRegistry registry = new MinerRegistry();
    assertSame(registry.miner(ACME, "api"), registry.miner(ACME, "api"));
    assertNotSame(registry.miner(ACME, "api"), registry.miner(ACME, "web"));
    assertNotSame(registry.miner(ACME, "api"), registry.miner(GLOBEX, "api"));
    assertSame(registry.miner(ACME, null), registry.miner(ACME, ""));
  }

  @Test
  void tenantsDoNotShapeEachOthersTemplates() {
    MinerRegistry registry = new MinerRegistry();
    registry.mine(ACME, "api", "session opened for user alice by sshd");
    registry.mine(GLOBEX, "api", "session opened for user alice by sshd");
    registry.mine(GLOBEX, "api", "session opened for user bob by sshd");
    registry.mine(GLOBEX, "api", "session opened for user carol by sshd");
    assertEquals("session opened for user alice by sshd",
        registry.mine(ACME, "api", "session opened for user alice by sshd").template());
    assertEquals("session opened for user <*> by sshd",
        registry.mine(GLOBEX, "api", "session opened for user alice by sshd").template());
  }

  @Test
  void holdsAtMostMaxMinersAndBoundsMemory() {
    MinerRegistry registry = new MinerRegistry(MinerOptions.defaults(), 3);
    for (int i = 0; i < 10; i++) {
      registry.mine(ACME, "service-" + i, "started");
    }
    assertEquals(3, registry.minerCount());
    assertEquals(Math.min(MinerRegistry.DEFAULT_MAX_BYTES, 3 * MinerOptions.defaults().maxRetainedBytes()),
        registry.maxRetainedBytes());
  }

  @Test
  void dropsLeastRecentlyUsedMinersBeyondItsByteBudget() {
    long budget = 200_000;
    MinerRegistry registry = new MinerRegistry(MinerOptions.defaults(), 1_000, budget);
    for (int i = 0; i < 50_000; i++) {
      registry.mine(ACME, "service-" + (i % 400), "event" + (char) ('a' + i % 26) + (char) ('a' + i / 26 % 26) + " happened");
    }
    registry.enforceMaxBytes();
    assertTrue(registry.retainedBytes() <= budget, "retained " + registry.retainedBytes());
    assertTrue(registry.minerCount() < 400, "miners " + registry.minerCount());
  }

  @Test
  void restoresAStreamFromItsSnapshot() {
    MinerRegistry registry = new MinerRegistry();
    Pattern p = registry.mine(ACME, "api", "Deleting block blk_1 file /a/b/c");
    MinerState saved = registry.snapshot(ACME, "api").orElseThrow();
    MinerRegistry other = new MinerRegistry();
    other.restore(ACME, "api", saved);
    assertEquals(p, other.mine(ACME, "api", "Deleting block blk_2 file /d/e/f"));
    assertTrue(other.snapshot(GLOBEX, "api").isEmpty());
  }

  @Test
  void servesManyThreadsAtOnce() throws Exception {
    MinerRegistry registry = new MinerRegistry(MinerOptions.defaults(), 4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            registry.mine(ACME, "s" + (i % 6), "request " + i + " took " + (i % 97) + " ms on worker " + thread);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(registry.minerCount() <= 4);
    assertEquals("request <*> took <*> on worker <*>", registry.mine(ACME, "s0", "request 1 took 2 ms on worker 9").template());
  }
}
