package io.tributary.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveCompaction;
import io.tributary.archive.ArchiveCompactor;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.config.Settings;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.functions.azure.blob.BlobArchiveStore;
import io.tributary.functions.testing.Azurite;
import io.tributary.functions.testing.FunctionAppFixture;
import io.tributary.testing.Loghub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The archive's compaction as the Azure app runs it every hour ({@link ArchiveCompactionFunction}),
 * on the Blob archive (Azurite): each tenant with segments — registered or not — has its ended
 * hours merged, the hour in progress is left, a second call finds nothing, and a call out of time
 * stops before it merges.
 */
class ArchiveCompactionFunctionTest {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  private static final long HOUR = 3_600_000_000_000L;
  private static final Instant NOW = Instant.parse("2026-03-04T12:10:00Z");
  private static final long NOW_HOUR = NOW.getEpochSecond() / 3600;

  private final List<LogEvent> written = new ArrayList<>();
  private long offset;

  /** {@code segments} segments of 20 real HDFS lines each, ingested in {@code hour}, partition 0. */
  private void segments(BlobArchiveStore blobs, TenantId tenant, long hour, int segments) throws Exception {
    List<String> lines = Loghub.lines("HDFS");
    for (int s = 0; s < segments; s++) {
      List<LogEvent> seg = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long t = hour * HOUR + (written.size() + 1) * 1_000_000_000L;
        seg.add(new LogEvent(EventIds.next(t / 1_000_000L), tenant, EventKind.TEXT, t, t, Severity.INFO, null, "hdfs",
            "node-1", lines.get(written.size() % lines.size()), Map.of(), null, null, null, null));
        written.add(seg.get(i));
      }
      blobs.append(new SegmentKey(tenant, hour, 0, offset, offset + seg.size() - 1), ArchiveSegments.encode(seg));
      offset += seg.size();
    }
  }

  private static List<String> idsIn(BlobArchiveStore blobs, TenantId tenant, long hour) throws Exception {
    List<String> ids = new ArrayList<>();
    for (SegmentKey k : ArchiveCompactor.visible(blobs.list(tenant, hour, hour))) {
      ArchiveSegments.decode(tenant, blobs.get(k).orElseThrow()).forEach(e -> ids.add(e.id()));
    }
    return ids;
  }

  @Test
  void everyTenantsEndedHoursAreMergedOnBlobAndTheHourInProgressIsLeft() throws Exception {
    BlobArchiveStore blobs = new BlobArchiveStore(AZURITE.newContainer("compaction"), Duration.ofSeconds(30), true);
    TenantId acme = TenantId.of("acme");
    TenantId bravo = TenantId.of("bravo");
    segments(blobs, acme, NOW_HOUR - 3, 3);
    segments(blobs, acme, NOW_HOUR, 2);
    segments(blobs, bravo, NOW_HOUR - 30, 4);
    List<String> acmeEnded = written.subList(0, 60).stream().map(LogEvent::id).toList();
    List<String> bravoEnded = written.subList(100, 180).stream().map(LogEvent::id).toList();
    FunctionApp app = FunctionAppFixture.assemble(Settings.from(Map.of("TRIBUTARY_BACKEND", "azure",
        "TRIBUTARY_JWT_SECRET", FunctionAppFixture.settings().get("TRIBUTARY_JWT_SECRET"))), blobs);
    ArchiveCompactionFunction f = new ArchiveCompactionFunction(app, Clock.fixed(NOW, ZoneOffset.UTC));

    ArchiveCompaction.Result first = f.compact(() -> false).orElseThrow();

    assertTrue(first.complete());
    assertEquals(2, first.hoursMerged(), "acme's and bravo's ended hours; neither tenant is registered");
    assertEquals(140, first.events());
    assertEquals(1, blobs.list(acme, NOW_HOUR - 3, NOW_HOUR - 3).size(), "one segment, its sources deleted");
    assertEquals(acmeEnded, idsIn(blobs, acme, NOW_HOUR - 3), "the same events, in their order");
    assertEquals(bravoEnded, idsIn(blobs, bravo, NOW_HOUR - 30));
    assertEquals(2, blobs.list(acme, NOW_HOUR, NOW_HOUR).size(), "the hour in progress is left as it is");
    assertEquals(List.of(acme, bravo), blobs.heldTenants());

    ArchiveCompaction.Result again = f.compact(() -> false).orElseThrow();
    assertEquals(0, again.hoursMerged(), "a second call finds nothing to merge");
    assertEquals(acmeEnded, idsIn(blobs, acme, NOW_HOUR - 3));
  }

  @Test
  void aCallOutOfTimeStopsBeforeItMergesAndTheNextGoesOn() throws Exception {
    BlobArchiveStore blobs = new BlobArchiveStore(AZURITE.newContainer("budget"), Duration.ofSeconds(30), true);
    TenantId acme = TenantId.of("acme");
    segments(blobs, acme, NOW_HOUR - 2, 3);
    FunctionApp app = FunctionAppFixture.assemble(Settings.from(Map.of("TRIBUTARY_BACKEND", "azure",
        "TRIBUTARY_JWT_SECRET", FunctionAppFixture.settings().get("TRIBUTARY_JWT_SECRET"))), blobs);
    ArchiveCompactionFunction f = new ArchiveCompactionFunction(app, Clock.fixed(NOW, ZoneOffset.UTC));

    ArchiveCompaction.Result late = f.compact(() -> true).orElseThrow();
    assertFalse(late.complete());
    assertEquals(0, late.hoursMerged());
    assertEquals(3, blobs.list(acme, NOW_HOUR - 2, NOW_HOUR - 2).size());

    assertEquals(1, f.compact(() -> false).orElseThrow().hoursMerged());
    assertEquals(1, blobs.list(acme, NOW_HOUR - 2, NOW_HOUR - 2).size());
  }
}
