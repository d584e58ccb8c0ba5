package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ArchiveStore} must do. An adapter's test extends this with a fresh, empty store. */
public abstract class ArchiveStoreContract {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final long HOUR = 490_000;

  protected abstract ArchiveStore archive() throws Exception;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void anAppendedSegmentReadsBackAsWritten() throws Exception {
    ArchiveStore a = archive();
    SegmentKey k = new SegmentKey(ACME, HOUR, 3, 100, 250);
    assertTrue(a.append(k, bytes("segment-content")));
    assertArrayEquals(bytes("segment-content"), a.get(k).orElseThrow());
  }

  @Test
  public void appendingAnExistingSegmentKeepsTheFirstContent() throws Exception {
    ArchiveStore a = archive();
    SegmentKey k = new SegmentKey(ACME, HOUR, 0, 1, 1);
    assertTrue(a.append(k, bytes("first")));
    assertFalse(a.append(k, bytes("second")));
    assertArrayEquals(bytes("first"), a.get(k).orElseThrow());
  }

  @Test
  public void listsATenantsSegmentsInAnHourRangeSortedByName() throws Exception {
    ArchiveStore a = archive();
    SegmentKey k1 = new SegmentKey(ACME, HOUR, 1, 10, 20);
    SegmentKey k2 = new SegmentKey(ACME, HOUR, 0, 30, 40);
    SegmentKey k3 = new SegmentKey(ACME, HOUR + 5, 0, 50, 60);
    SegmentKey other = new SegmentKey(GLOBEX, HOUR, 0, 1, 2);
    for (SegmentKey k : List.of(k3, k1, other, k2)) {
      a.append(k, bytes(k.name()));
    }
    assertEquals(List.of(k2, k1), a.list(ACME, HOUR, HOUR));
    assertEquals(List.of(k2, k1, k3), a.list(ACME, HOUR, HOUR + 24));
    assertEquals(List.of(other), a.list(GLOBEX, 0, Long.MAX_VALUE / 4));
  }

  @Test
  public void aDeletedSegmentIsGoneFromListingAndReads() throws Exception {
    ArchiveStore a = archive();
    SegmentKey k = new SegmentKey(ACME, HOUR, 0, 3, 4);
    SegmentKey kept = new SegmentKey(ACME, HOUR, 0, 5, 6);
    a.append(k, bytes("k"));
    a.append(kept, bytes("kept"));
    assertTrue(a.delete(k));
    assertFalse(a.delete(k));
    assertTrue(a.get(k).isEmpty());
    assertEquals(List.of(kept), a.list(ACME, HOUR, HOUR));
  }

  @Test
  public void aMissingSegmentIsEmpty() throws Exception {
    assertTrue(archive().get(new SegmentKey(ACME, HOUR, 0, 7, 7)).isEmpty());
  }
}
