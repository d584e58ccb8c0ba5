package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.ingest.LagRefresher;
import io.tributary.testing.InMemoryEventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local gate: the scoped lag gate (whose rules {@code LagGateTest} in shared pins) over the
 * journal, refreshed on the request thread at most every 100 ms (on other event logs, in frames by a
 * background refresher), and a full disk that refuses all.
 */
class ResourceGateTest {

  private static final TenantId A = TenantId.of("a");
  private static final TenantId B = TenantId.of("b");

  @Test
  void onlyTheTenantsOfTheLaggingPartitionAreRefused() {
    long[] lags = {5_000, 0};
    ResourceGate gate = new ResourceGate(() -> lags.clone(), t -> t.equals(A) ? 0 : 1, () -> Long.MAX_VALUE,
        1_000, 0);
    Problem refused = gate.refuse(A);
    assertEquals(503, refused.status());
    assertEquals("backpressure", refused.code());
    assertNull(gate.refuse(B), "a tenant of another partition keeps getting in");
  }

  @Test
  void aFullDiskRefusesEveryTenant() {
    ResourceGate gate = new ResourceGate(() -> new long[] {0, 0}, t -> t.equals(A) ? 0 : 1, () -> 10, 1_000, 1_000);
    assertEquals("disk_full", gate.refuse(A).code());
    assertEquals("disk_full", gate.refuse(B).code());
  }

  @Test
  void aPartitionThatCatchesUpIsOpenAgainAfterTheNextReading() throws Exception {
    AtomicLong lag = new AtomicLong(5_000);
    ResourceGate gate = new ResourceGate(() -> new long[] {lag.get()}, t -> 0, () -> Long.MAX_VALUE, 1_000, 0);
    assertEquals(503, gate.refuse(A).status());
    lag.set(0);
    Thread.sleep(150);
    assertNull(gate.refuse(A));
  }

  @Test
  void whatATenantWroteCountsInJournalBytes() throws Exception {
    AtomicLong lag = new AtomicLong(0);
    ResourceGate gate = new ResourceGate(() -> new long[] {lag.get()}, t -> 0, () -> Long.MAX_VALUE, 1_000, 0);
    assertNull(gate.refuse(A));
    gate.published(A, 1, 1_400);
    gate.published(B, 10, 100);
    lag.set(1_500);
    Thread.sleep(150);
    assertEquals("backpressure", gate.refuse(A).code(), "A's one frame of 1,400 bytes is most of the backlog");
    assertNull(gate.refuse(B), "B's ten small frames are not");
  }

  @Test
  void onAnEventLogOtherThanTheJournalLagsAreFramesReadInTheBackground(@TempDir Path dir) throws Exception {
    InMemoryEventLog log = new InMemoryEventLog(2);
    Settings s = Settings.from(Map.of("TRIBUTARY_MAX_LAG_FRAMES", "2", "TRIBUTARY_LAG_REFRESH_MS", "100",
        "TRIBUTARY_MIN_FREE_DISK_BYTES", "0"));
    List<AutoCloseable> resources = new ArrayList<>();
    ResourceGate gate = ResourceGate.of(log, s, dir, resources);
    try {
      assertTrue(resources.get(0) instanceof LagRefresher, "a refresher reads the lags, not the requests");
      log.publish(A, List.of(new byte[10], new byte[10], new byte[10])).get();
      gate.published(A, 3, 30);
      long until = System.nanoTime() + 10_000_000_000L;
      Problem refused = null;
      while (refused == null && System.nanoTime() < until) {
        Thread.sleep(20);
        refused = gate.refuse(A);
      }
      assertEquals("backpressure", refused.code());
      assertTrue(refused.detail().contains("3 frames behind ingest (limit 2 frames)"), refused.detail());
    } finally {
      for (AutoCloseable r : resources) {
        r.close();
      }
    }
  }
}
