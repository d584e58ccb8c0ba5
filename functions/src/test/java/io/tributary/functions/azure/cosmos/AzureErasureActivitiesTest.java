package io.tributary.functions.azure.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.archive.ArchiveReader;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.erasure.ErasureService;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.ExportRequest;
import io.tributary.functions.azure.blob.BlobArchiveStore;
import io.tributary.functions.durable.DayCount;
import io.tributary.functions.durable.EraseArchiveDayActivity;
import io.tributary.functions.durable.EraseStoreDayActivity;
import io.tributary.functions.durable.ErasureJob;
import io.tributary.functions.durable.ErasurePlan;
import io.tributary.functions.durable.ErasurePlanActivity;
import io.tributary.functions.durable.ErasureStep;
import io.tributary.functions.testing.Azurite;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.testing.Loghub;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The erasure's activities on the Azure adapters — the Cosmos store (the Mockito container) and the
 * Blob archive (Azurite) — in the order {@link io.tributary.functions.durable.ErasureOrchestrator}
 * calls them: the plan, each store day, each archive day. Real HDFS lines of two tenants.
 */
class AzureErasureActivitiesTest {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId BRAVO = TenantId.of("bravo");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 4);
  private static final long HOUR = 3_600_000_000_000L;
  private static final Map<String, String> BODY = Map.of("q", "PacketResponder",
      "from", TODAY.minusDays(2) + "T00:00:00Z", "to", TODAY + "T00:00:00Z");
  private static final ErasureJob JOB = new ErasureJob("E1", ACME.value(), BODY, "alice@acme",
      TODAY + "T12:00:00Z", TODAY.toEpochDay() * Timestamps.NANOS_PER_DAY + 12 * HOUR);

  private SimulatedCosmosContainer cosmos;
  private CosmosLogStore store;
  private BlobArchiveStore blobs;
  private final List<LogEvent> all = new ArrayList<>();

  @BeforeEach
  void seed() throws Exception {
    cosmos = new SimulatedCosmosContainer();
    store = new CosmosLogStore(cosmos.container, CosmosLogStoreOptions.defaults().withBlockLimits(4096, 25),
        d -> { });
    blobs = new BlobArchiveStore(AZURITE.newContainer("erasure"), Duration.ofSeconds(30), true);
    List<String> lines = Loghub.lines("HDFS");
    int next = 0;
    long offset = 0;
    for (TenantId tenant : List.of(ACME, BRAVO)) {
      for (int age = 3; age >= 1; age--) {
        long start = TODAY.minusDays(age).toEpochDay() * Timestamps.NANOS_PER_DAY + 9 * HOUR;
        List<LogEvent> day = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
          long t = start + i * 60_000_000_000L;
          day.add(new LogEvent(EventIds.next(t / 1_000_000L), tenant, EventKind.TEXT, t, t + 1_000_000_000L,
              Severity.INFO, null, "hdfs", "node-" + (i % 4), lines.get(next++ % lines.size()), Map.of(),
              null, null, null, null));
        }
        store.upsert(day);
        for (int s = 0; s < day.size(); s += 20) {
          List<LogEvent> seg = day.subList(s, s + 20);
          blobs.append(new SegmentKey(tenant, Math.floorDiv(seg.get(0).ingestedNanos(), HOUR), 0, offset,
              offset + seg.size() - 1), ArchiveSegments.encode(seg));
          offset += seg.size();
        }
        all.addAll(day);
      }
    }
  }

  private Set<String> matching(TenantId tenant) throws Exception {
    return ErasureIds.matching(all, tenant, ExportRequest.of(BODY).query());
  }

  private Set<String> idsOf(TenantId tenant) {
    return ErasureIds.of(all, tenant);
  }

  private Set<String> stored(TenantId tenant) throws IOException {
    return ErasureIds.stored(store, tenant);
  }

  private Set<String> archived(ArchiveStore archive, TenantId tenant) throws IOException {
    Set<String> ids = new TreeSet<>();
    new ArchiveReader(archive).read(tenant, 0, Long.MAX_VALUE / 4 / HOUR, e -> assertTrue(ids.add(e.id()), e.id()));
    return ids;
  }

  /** The plan, then each store day and archive day with matches, as the orchestrator goes. */
  private long[] run(ErasureService erasures) throws IOException {
    ErasurePlan plan = new ErasurePlanActivity(erasures).run(JOB);
    long store = 0;
    long archive = 0;
    for (DayCount d : plan.store()) {
      if (d.events() > 0) {
        store += new EraseStoreDayActivity(erasures, t -> { }).run(new ErasureStep(JOB, d.day())).events();
      }
    }
    for (DayCount d : plan.archive()) {
      if (d.events() > 0) {
        archive += new EraseArchiveDayActivity(erasures).run(new ErasureStep(JOB, d.day())).events();
      }
    }
    return new long[] {plan.storeEvents(), plan.archiveEvents(), store, archive};
  }

  @Test
  void erasedEventsAreFoundNeitherInCosmosNorInTheBlobArchiveAndEverythingElseIsUnchanged() throws Exception {
    Set<String> erased = matching(ACME);
    assertTrue(erased.size() > 20 && erased.size() < 160, "a real share of acme's events: " + erased.size());
    long[] r = run(new ErasureService(store, blobs));
    assertEquals(List.of((long) erased.size(), (long) erased.size(), (long) erased.size(), (long) erased.size()),
        List.of(r[0], r[1], r[2], r[3]), "planned and removed, store and archive");
    Set<String> left = new TreeSet<>(idsOf(ACME));
    left.removeAll(erased);
    assertEquals(left, stored(ACME));
    assertEquals(left, archived(blobs, ACME));
    assertEquals(idsOf(BRAVO), stored(BRAVO));
    assertEquals(idsOf(BRAVO), archived(blobs, BRAVO));
    assertTrue(blobs.list(ACME, 0, Long.MAX_VALUE / 4 / HOUR).stream().anyMatch(k -> k.revision() == 1),
        "segments that held matches were rewritten as their next revision");

    long[] again = run(new ErasureService(store, blobs));
    assertEquals(List.of(0L, 0L, 0L, 0L), List.of(again[0], again[1], again[2], again[3]), "run again: nothing left");
    assertEquals(left, stored(ACME));
    assertEquals(left, archived(blobs, ACME));
  }

  @Test
  void anArchiveDayCutBetweenTheRewriteAndTheOldSegmentsDeleteShowsTheRewriteAndEndsExactWhenRunAgain()
      throws Exception {
    Set<String> erased = matching(ACME);
    Set<String> left = new TreeSet<>(idsOf(ACME));
    left.removeAll(erased);
    // The first delete of a segment fails, as if the worker died after writing its rewrite.
    AtomicBoolean cut = new AtomicBoolean();
    ArchiveStore dying = new ArchiveStore() {
      @Override
      public boolean append(SegmentKey key, byte[] content) throws IOException {
        return blobs.append(key, content);
      }

      @Override
      public List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) throws IOException {
        return blobs.list(tenant, fromHour, toHour);
      }

      @Override
      public boolean delete(SegmentKey key) throws IOException {
        if (cut.compareAndSet(false, true)) {
          throw new IOException("worker died");
        }
        return blobs.delete(key);
      }

      @Override
      public Optional<byte[]> get(SegmentKey key) throws IOException {
        return blobs.get(key);
      }

      @Override
      public void close() {
      }
    };
    assertThrows(IOException.class, () -> run(new ErasureService(store, dying)));
    assertEquals(left, stored(ACME), "the store's days were erased before the archive's");
    Set<String> midway = archived(blobs, ACME);
    assertTrue(midway.containsAll(left), "no kept event is missing while a rewrite and its original both exist");
    assertTrue(blobs.list(ACME, 0, Long.MAX_VALUE / 4 / HOUR).stream().anyMatch(k -> k.revision() == 1));

    run(new ErasureService(store, blobs)); // the activity again
    assertEquals(left, stored(ACME));
    assertEquals(left, archived(blobs, ACME));
    assertEquals(idsOf(BRAVO), archived(blobs, BRAVO));
    for (SegmentKey k : blobs.list(ACME, 0, Long.MAX_VALUE / 4 / HOUR)) {
      assertTrue(blobs.list(ACME, k.hour(), k.hour()).stream().filter(o -> o.firstOffset() == k.firstOffset()).count() == 1,
          "no original left beside its rewrite: " + k.name());
    }
  }

  @Test
  void theAzureStoresRegisterTheErasureOrchestrationSoThatItsRoutesNoLongerAnswer503() throws Exception {
    java.time.Clock clock = java.time.Clock.systemUTC();
    io.tributary.testing.InMemoryConfigStore config = new io.tributary.testing.InMemoryConfigStore();
    io.tributary.functions.durable.DataLifecycle lifecycle = io.tributary.functions.durable.DataLifecycle.of(store, blobs,
        new io.tributary.tenancy.TenantService(config, clock), t -> io.tributary.tenancy.Plan.STANDARD.retention(),
        new io.tributary.retention.RetentionAudit(config, clock), clock);
    assertTrue(lifecycle.orchestrators().containsKey(io.tributary.functions.durable.ErasureOrchestrator.NAME),
        "ErasuresFunction answers 503 only where this is missing");
    assertTrue(lifecycle.activities().keySet().containsAll(List.of(ErasurePlanActivity.NAME, EraseStoreDayActivity.NAME,
        EraseArchiveDayActivity.NAME, io.tributary.functions.durable.RecordErasureActivity.NAME)));
  }
}
