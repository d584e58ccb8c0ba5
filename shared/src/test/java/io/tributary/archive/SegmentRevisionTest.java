package io.tributary.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.event.TenantId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Segment revisions (an erasure's rewrite): names without a revision are read as they always were,
 * a rewrite keeps the coordinates and hides what it rewrote, and a compaction's merge still hides
 * them all.
 */
class SegmentRevisionTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final long HOUR = 490_000;

  @Test
  void revisionZeroKeepsTheNameItAlwaysHadAndARewriteAddsItsRevision() {
    SegmentKey k = new SegmentKey(ACME, HOUR, 3, 1024, 9876);
    assertEquals("acme/2025/11/24/16/0003-00000000000000001024-00000000000000009876.tseg", k.name());
    assertEquals(k, SegmentKey.parse(k.name()));
    SegmentKey r1 = k.nextRevision();
    assertEquals("acme/2025/11/24/16/0003-00000000000000001024-00000000000000009876.r1.tseg", r1.name());
    assertEquals(r1, SegmentKey.parse(r1.name()));
    assertEquals(new SegmentKey(ACME, HOUR, 3, 1024, 9876, 2), r1.nextRevision());
    assertNull(SegmentKey.parse("acme/2025/11/24/16/0003-00000000000000001024-00000000000000009876.r0.tseg"),
        "revision 0 has no suffix: one name per key");
  }

  @Test
  void theHighestRevisionOfARangeIsReadAndAMergeCoveringItHidesEveryRevision() {
    SegmentKey a = new SegmentKey(ACME, HOUR, 0, 10, 19);
    SegmentKey b = new SegmentKey(ACME, HOUR, 0, 20, 29);
    assertEquals(List.of(a.nextRevision(), b), ArchiveCompactor.visible(List.of(a, a.nextRevision(), b)));
    assertEquals(List.of(a.nextRevision().nextRevision()),
        ArchiveCompactor.visible(List.of(a.nextRevision(), a, a.nextRevision().nextRevision())));
    SegmentKey merged = new SegmentKey(ACME, HOUR, 0, 10, 29);
    assertEquals(List.of(merged), ArchiveCompactor.visible(List.of(a, a.nextRevision(), b, merged)));
  }
}
