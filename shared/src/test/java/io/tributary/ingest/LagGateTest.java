package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Backpressure is scoped: only the tenants that wrote a lagging partition's backlog are refused,
 * the whole partition past the ceiling or when nobody here wrote it, never another partition's
 * tenants; and the gate answers from its last reading, which a failed reading leaves in force.
 */
class LagGateTest {

  private static final TenantId A = TenantId.of("a");
  private static final TenantId B = TenantId.of("b");
  private static final TenantId C = TenantId.of("c");

  /** A and C share partition 0; B is on partition 1. */
  private static int partition(TenantId t) {
    return t.equals(B) ? 1 : 0;
  }

  @Test
  void onlyTheHeaviestWritersOfTheBacklogAreRefusedAndTheirPartnersKeepWriting() throws IOException {
    AtomicLong lag = new AtomicLong(0);
    LagGate gate = new LagGate(() -> new long[] {lag.get(), 0}, LagGateTest::partition, 1_000, LagGate.Unit.BYTES);
    gate.refresh();
    assertNull(gate.refuse(A));
    gate.published(A, 1, 1_400);
    gate.published(C, 1, 100);
    lag.set(1_500);
    gate.refresh();
    Problem refused = gate.refuse(A);
    assertEquals(503, refused.status());
    assertEquals("backpressure", refused.code(), "A wrote most of the backlog");
    assertEquals(2, refused.body().get("retryAfterSeconds"));
    assertNull(gate.refuse(C), "C shares the partition but wrote little of it");
    assertNull(gate.refuse(B), "B is on another partition");

    lag.set(2_500);
    gate.refresh();
    assertEquals("backpressure", gate.refuse(C).code(), "past twice the limit the whole partition waits");
    assertNull(gate.refuse(B));
  }

  @Test
  void writersWhoWroteAsMuchAreRefusedAlikeAndACaughtUpPartitionForgetsThem() throws IOException {
    AtomicLong lag = new AtomicLong(1_500);
    LagGate gate = new LagGate(() -> new long[] {lag.get()}, t -> 0, 1_000, LagGate.Unit.BYTES);
    gate.published(A, 1, 700);
    gate.published(C, 1, 700);
    gate.published(B, 1, 100);
    gate.refresh();
    assertEquals(503, gate.refuse(A).status());
    assertEquals(503, gate.refuse(C).status(), "as heavy as A");
    assertNull(gate.refuse(B));

    lag.set(0);
    gate.refresh();
    assertNull(gate.refuse(A), "caught up: what A wrote is forgotten");
    gate.published(B, 1, 900);
    lag.set(1_200);
    gate.refresh();
    assertEquals(503, gate.refuse(B).status(), "now B wrote the new backlog");
    assertNull(gate.refuse(A));
  }

  @Test
  void aBacklogNobodyHereWroteRefusesItsWholePartition() throws IOException {
    LagGate gate = new LagGate(() -> new long[] {5_000, 0}, LagGateTest::partition, 4_000, LagGate.Unit.BYTES);
    gate.refresh();
    Problem p = gate.refuse(A);
    assertEquals(503, p.status(), "e.g. a backlog from before a restart, or written through other instances");
    assertTrue(p.detail().contains("did not see who wrote"), p.detail());
    assertNull(gate.refuse(B));
  }

  @Test
  void inFramesWhatATenantWroteCountsByFramesNotBytes() throws IOException {
    AtomicLong lag = new AtomicLong(0);
    LagGate gate = new LagGate(() -> new long[] {lag.get()}, t -> 0, 100, LagGate.Unit.FRAMES);
    gate.published(A, 1, 900_000);
    gate.published(B, 150, 150_000);
    lag.set(151);
    gate.refresh();
    Problem p = gate.refuse(B);
    assertEquals("backpressure", p.code(), "B's 150 small frames are most of a backlog counted in frames");
    assertTrue(p.detail().contains("151 frames behind ingest (limit 100 frames)"), p.detail());
    assertNull(gate.refuse(A), "A's one large frame is not");
  }

  @Test
  void theGateAnswersFromItsLastReadingAndAFailedReadingKeepsIt() throws IOException {
    AtomicLong reads = new AtomicLong();
    AtomicBoolean failing = new AtomicBoolean();
    LagGate gate = new LagGate(() -> {
      reads.incrementAndGet();
      if (failing.get()) {
        throw new IOException("event log unreachable (simulated)");
      }
      return new long[] {5_000, 0};
    }, LagGateTest::partition, 1_000, LagGate.Unit.FRAMES);
    assertNull(gate.refuse(A), "nothing read yet: open");
    assertEquals(0, reads.get());
    gate.refresh();
    for (int i = 0; i < 10; i++) {
      assertEquals(503, gate.refuse(A).status());
      assertNull(gate.refuse(B));
    }
    assertEquals(1, reads.get(), "a request never reads the event log");
    failing.set(true);
    assertThrows(IOException.class, gate::refresh);
    assertEquals(503, gate.refuse(A).status(), "the last reading stays in force");
    assertNull(gate.refuse(B), "and refuses no one it did not refuse before");
    assertEquals(5_000, gate.lags()[0]);
  }
}
