package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantineReasons;
import io.tributary.quarantine.QuarantinedFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link Quarantine} must do. An adapter's test extends this with a fresh, empty one. */
public abstract class QuarantineContract {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Instant WHEN = Instant.parse("2026-11-29T08:15:30.123456Z");

  protected abstract Quarantine quarantine() throws Exception;

  protected static QuarantinedFrame frame(int partition, long offset, TenantId tenant, String reason, String message,
      byte[] bytes) {
    return new QuarantinedFrame(new QuarantineEntry(new QuarantineKey(partition, offset), tenant, reason, message, 3,
        WHEN, 17, bytes.length), bytes);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void aPutFrameReadsBackWithItsEntryAndBytes() throws Exception {
    Quarantine q = quarantine();
    byte[] b = new byte[] {'T', 'F', 2, 0, (byte) 0xff, 0, 1};
    QuarantinedFrame f = frame(3, 1234, ACME, QuarantineReasons.STORE_FAILED, "store refused: 503", b);
    assertTrue(q.put(f));
    QuarantinedFrame back = q.get(new QuarantineKey(3, 1234)).orElseThrow();
    assertEquals(f.entry(), back.entry());
    assertArrayEquals(b, back.frame());
  }

  @Test
  public void puttingTheSameCoordinatesAgainKeepsTheFirst() throws Exception {
    Quarantine q = quarantine();
    assertTrue(q.put(frame(0, 7, ACME, QuarantineReasons.CORRUPT_FRAME, "first", bytes("first"))));
    assertFalse(q.put(frame(0, 7, ACME, QuarantineReasons.STORE_FAILED, "second", bytes("second!"))));
    QuarantinedFrame kept = q.get(new QuarantineKey(0, 7)).orElseThrow();
    assertEquals("first", kept.entry().message());
    assertArrayEquals(bytes("first"), kept.frame());
    assertEquals(1, q.list().size());
  }

  @Test
  public void listsEntriesByPartitionThenOffset() throws Exception {
    Quarantine q = quarantine();
    for (QuarantineKey k : List.of(new QuarantineKey(2, 5), new QuarantineKey(0, 900), new QuarantineKey(0, 12),
        new QuarantineKey(10, 1))) {
      q.put(frame(k.partition(), k.offset(), ACME, QuarantineReasons.CORRUPT_FRAME, "m", bytes(k.name())));
    }
    List<QuarantineEntry> listed = q.list();
    assertEquals(List.of(new QuarantineKey(0, 12), new QuarantineKey(0, 900), new QuarantineKey(2, 5),
        new QuarantineKey(10, 1)), listed.stream().map(QuarantineEntry::key).toList());
    QuarantineEntry e = listed.get(0);
    assertEquals(ACME, e.tenant());
    assertEquals(QuarantineReasons.CORRUPT_FRAME, e.reason());
    assertEquals(WHEN, e.quarantinedAt());
    assertEquals(3, e.attempts());
    assertEquals(17, e.events());
    assertEquals(new QuarantineKey(0, 12).name().length(), e.frameBytes());
  }

  @Test
  public void aRemovedFrameIsGoneFromListingAndReads() throws Exception {
    Quarantine q = quarantine();
    q.put(frame(1, 1, ACME, QuarantineReasons.CORRUPT_FRAME, "gone", bytes("gone")));
    q.put(frame(1, 2, ACME, QuarantineReasons.CORRUPT_FRAME, "kept", bytes("kept")));
    assertTrue(q.remove(new QuarantineKey(1, 1)));
    assertFalse(q.remove(new QuarantineKey(1, 1)));
    assertTrue(q.get(new QuarantineKey(1, 1)).isEmpty());
    assertEquals(List.of(new QuarantineKey(1, 2)), q.list().stream().map(QuarantineEntry::key).toList());
    assertTrue(q.put(frame(1, 1, ACME, QuarantineReasons.CORRUPT_FRAME, "again", bytes("again"))),
        "a replayed frame that fails again is kept again");
  }

  @Test
  public void aFrameWhoseTenantIsUnknownIsKeptToo() throws Exception {
    Quarantine q = quarantine();
    q.put(frame(0, 3, null, QuarantineReasons.CORRUPT_FRAME, "bad magic", bytes("XX")));
    assertNull(q.get(new QuarantineKey(0, 3)).orElseThrow().entry().tenant());
    assertNull(q.list().get(0).tenant());
  }

  @Test
  public void aMessageKeepsAnyCharacters() throws Exception {
    Quarantine q = quarantine();
    String message = "line one\nline \"two\" = 100% é 漢字 😀 \\ / ; , tab\t end";
    q.put(frame(0, 4, ACME, QuarantineReasons.DECODE_FAILED, message, bytes("x")));
    assertEquals(message, q.list().get(0).message());
    assertEquals(message, q.get(new QuarantineKey(0, 4)).orElseThrow().entry().message());
  }

  @Test
  public void aMissingFrameIsEmpty() throws Exception {
    Quarantine q = quarantine();
    assertTrue(q.get(new QuarantineKey(5, 5)).isEmpty());
    assertEquals(List.of(), q.list());
  }

  @Test
  public void concurrentPutsOfOneFrameLeaveExactlyOneWinner() throws Exception {
    Quarantine q = quarantine();
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        byte[] content = bytes("writer-" + w);
        results.add(pool.submit(() -> q.put(frame(2, 99, ACME, QuarantineReasons.CORRUPT_FRAME, "m", content))));
      }
      int winners = 0;
      String winner = null;
      for (int w = 0; w < writers; w++) {
        if (results.get(w).get()) {
          winners++;
          winner = "writer-" + w;
        }
      }
      assertEquals(1, winners);
      assertArrayEquals(bytes(winner), q.get(new QuarantineKey(2, 99)).orElseThrow().frame());
    } finally {
      pool.shutdownNow();
    }
  }
}
