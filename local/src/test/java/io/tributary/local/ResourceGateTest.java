package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Backpressure is scoped: only the tenants that wrote a lagging partition's backlog are refused,
 * the whole partition past the ceiling, never another partition's tenants; a full disk refuses all.
 */
class ResourceGateTest {

  private static final TenantId A = TenantId.of("a");
  private static final TenantId B = TenantId.of("b");
  private static final TenantId C = TenantId.of("c");

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
  void onlyTheHeaviestWritersOfTheBacklogAreRefusedAndTheirPartnersKeepWriting() throws Exception {
    AtomicLong lag = new AtomicLong(0);
    // A and C share partition 0; B is on partition 1.
    ResourceGate gate = new ResourceGate(() -> new long[] {lag.get(), 0}, t -> t.equals(B) ? 1 : 0,
        () -> Long.MAX_VALUE, 1_000, 0);
    assertNull(gate.refuse(A));
    gate.published(A, 1_400);
    gate.published(C, 100);
    lag.set(1_500);
    Thread.sleep(150);
    assertEquals("backpressure", gate.refuse(A).code(), "A wrote most of the backlog");
    assertNull(gate.refuse(C), "C shares the partition but wrote little of it");
    assertNull(gate.refuse(B), "B is on another partition");

    lag.set(2_500);
    Thread.sleep(150);
    assertEquals("backpressure", gate.refuse(C).code(), "past twice the limit the whole partition waits");
    assertNull(gate.refuse(B));
  }

  @Test
  void writersWhoWroteAsMuchAreRefusedAlikeAndACaughtUpPartitionForgetsThem() throws Exception {
    AtomicLong lag = new AtomicLong(1_500);
    ResourceGate gate = new ResourceGate(() -> new long[] {lag.get()}, t -> 0, () -> Long.MAX_VALUE, 1_000, 0);
    gate.published(A, 700);
    gate.published(C, 700);
    gate.published(B, 100);
    Thread.sleep(150);
    assertEquals(503, gate.refuse(A).status());
    assertEquals(503, gate.refuse(C).status(), "as heavy as A");
    assertNull(gate.refuse(B));

    lag.set(0);
    Thread.sleep(150);
    assertNull(gate.refuse(A), "caught up: what A wrote is forgotten");
    gate.published(B, 900);
    lag.set(1_200);
    Thread.sleep(150);
    assertEquals(503, gate.refuse(B).status(), "now B wrote the new backlog");
    assertNull(gate.refuse(A));
  }

  @Test
  void aBacklogNobodyHereWroteRefusesItsWholePartition() {
    ResourceGate gate = new ResourceGate(() -> new long[] {5_000, 0}, t -> t.equals(B) ? 1 : 0,
        () -> Long.MAX_VALUE, 4_000, 0);
    assertEquals(503, gate.refuse(A).status(), "e.g. a backlog from before a restart");
    assertNull(gate.refuse(B));
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
}
