package io.tributary.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.idempotency.ClaimOutcome;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.idempotency.IdClaim;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatFilterTest {

  private static final TenantId ACME = TenantId.of("acme");

  /** A ledger held in memory, as the contract describes (no window). */
  static final class MemoryLedger implements ClientIdLedger {
    final Map<String, long[]> held = new HashMap<>();
    final List<IdClaim> seen = new ArrayList<>();

    @Override
    public synchronized List<ClaimOutcome> claim(List<IdClaim> claims) {
      List<ClaimOutcome> out = new ArrayList<>();
      for (IdClaim c : claims) {
        seen.add(c);
        long[] h = held.computeIfAbsent(c.keyHex(), k -> new long[] {c.ownerHi(), c.ownerLo(), c.contentHash()});
        out.add(h[0] == c.ownerHi() && h[1] == c.ownerLo() ? ClaimOutcome.FIRST
            : h[2] == c.contentHash() ? ClaimOutcome.REPEAT : ClaimOutcome.CONFLICT);
      }
      return out;
    }

    @Override
    public void close() {
    }
  }

  private static LogEvent event(String id, long time, String message) {
    return new LogEvent(id, ACME, EventKind.STRUCTURED, time, 1, Severity.INFO, null, "svc", "h", message, Map.of(),
        null, null, null, null);
  }

  @Test
  void aClientRetryWithoutTimestampIsDroppedAndARedeliveryKept() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    RepeatFilter f = new RepeatFilter(ledger);
    LogEvent e = event("order-17", LogEvent.UNSET_TIME, "card declined");
    assertEquals(1, f.keep(List.of(RepeatFilter.of(e, 10, 0, 0))).cardinality());
    assertEquals(1, f.keep(List.of(RepeatFilter.of(e, 10, 0, 0))).cardinality(), "the same frame again");
    assertEquals(0, f.keep(List.of(RepeatFilter.of(e, 11, 0, 0))).cardinality(), "a new request");
    assertEquals(1, f.repeats());
    assertEquals(0, f.conflicts());
  }

  @Test
  void anotherEventReusingAnIdIsDroppedAndCountedAsAConflict() throws Exception {
    RepeatFilter f = new RepeatFilter(new MemoryLedger());
    f.keep(List.of(RepeatFilter.of(event("order-17", 5, "card declined"), 10, 0, 0)));
    BitSet keep = f.keep(List.of(RepeatFilter.of(event("order-17", 5, "card accepted"), 11, 0, 0)));
    assertEquals(0, keep.cardinality());
    assertEquals(1, f.conflicts());
  }

  @Test
  void serverAssignedIdsAreNeverClaimed() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    RepeatFilter f = new RepeatFilter(ledger);
    long[] base = EventIds.base(1_700_000_000_000L);
    LogEvent e = event(EventIds.nth(base[0], base[1], 3), 5, "x");
    assertEquals(1, f.keep(List.of(RepeatFilter.of(e, base[0], base[1], 3))).cardinality());
    assertEquals(0, ledger.seen.size());
  }

  @Test
  void eventsOfOneRequestAreDistinctDeliveries() throws Exception {
    RepeatFilter f = new RepeatFilter(new MemoryLedger());
    LogEvent a = event("dup", 5, "same");
    BitSet keep = f.keep(List.of(RepeatFilter.of(a, 10, 0, 0), RepeatFilter.of(a, 10, 0, 1)));
    assertEquals(1, keep.cardinality());
    assertEquals(true, keep.get(0));
  }
}
