package io.tributary.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.configstore.ConfigEvent;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.Export;
import io.tributary.export.ExportRequest;
import io.tributary.export.ExportService;
import io.tributary.functions.durable.ActivityFunction;
import io.tributary.functions.durable.ApplyRetentionActivity;
import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalRun;
import io.tributary.functions.durable.ArchivalSummary;
import io.tributary.functions.durable.DataLifecycle;
import io.tributary.functions.durable.OrchestrationState;
import io.tributary.json.Json;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.configstore.FileConfigStore;
import io.tributary.query.LogQuery;
import io.tributary.retention.RetentionAudit;
import io.tributary.retention.RetentionReport;
import io.tributary.tenancy.Retention;
import io.tributary.tenancy.TenantService;
import io.tributary.testing.Loghub;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily archival run on the local engine, over the block store and the archive folder, with a
 * clock fixed on {@link #TODAY} and a retention of 7 hot and 90 cold days: day-8 events leave the
 * store but are still exported from the archive; day-91 events are gone everywhere; a day the
 * archive lacks events of stays in the store and is reported; the run is audited, and running
 * again changes nothing more.
 */
class ArchivalRunTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  private static final Clock CLOCK = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  private static final Retention RETENTION = new Retention(7, 90);
  private static final long HOUR = 3_600_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Days before today with events; the archive lacks half of day 10's. */
  private static final List<Integer> AGES = List.of(1, 3, 8, 10, 30, 91);

  @TempDir
  Path dir;

  private BlockStore store;
  private DirectoryArchiveStore archive;
  private FileConfigStore config;
  private final Map<Integer, List<LogEvent>> byAge = new TreeMap<>();
  private long offset;

  @BeforeEach
  void seed() throws Exception {
    store = new BlockStore(dir.resolve("store"));
    archive = new DirectoryArchiveStore(dir.resolve("archive"));
    config = new FileConfigStore(dir.resolve("config"));
    List<String> lines = Loghub.lines("HDFS");
    int next = 0;
    for (int age : AGES) {
      long start = TODAY.minusDays(age).toEpochDay() * Timestamps.NANOS_PER_DAY + 10 * HOUR;
      List<LogEvent> day = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        long t = start + i * 1_000_000_000L;
        day.add(new LogEvent(EventIds.next(t / 1_000_000L), ACME, EventKind.TEXT, t, t + 2_000_000_000L,
            Severity.INFO, null, "hdfs", "node-" + (i % 3), lines.get(next++), Map.of("n", (long) i), null, null, null,
            null));
      }
      byAge.put(age, day);
      store.upsert(day);
      // Archived in two segments, as processing writes them (by ingest hour, named by log offsets).
      archiveSegment(day.subList(0, 30));
      if (age != 10) {
        archiveSegment(day.subList(30, 60));
      }
    }
  }

  private void archiveSegment(List<LogEvent> events) throws Exception {
    long hour = Math.floorDiv(events.get(0).ingestedNanos(), HOUR);
    archive.append(new SegmentKey(ACME, hour, 0, offset, offset + events.size() - 1), ArchiveSegments.encode(events));
    offset += events.size();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    archive.close();
    config.close();
  }

  private DataLifecycle lifecycle() {
    return DataLifecycle.of(store, archive, new TenantService(config, CLOCK), t -> RETENTION,
        new RetentionAudit(config, CLOCK), CLOCK);
  }

  private LocalOrchestrationEngine engine(Map<String, ActivityFunction> activities) throws Exception {
    return new LocalOrchestrationEngine(dir.resolve("orchestrations"), lifecycle().orchestrators(), activities, CLOCK,
        2);
  }

  private ArchivalSummary run(LocalOrchestrationEngine engine, ArchivalRun run) throws Exception {
    engine.start(ArchivalOrchestrator.NAME, run.run(), run);
    assertTrue(engine.awaitEnd(run.run(), WAIT));
    OrchestrationState s = engine.get(run.run()).orElseThrow();
    assertEquals(OrchestrationState.Status.COMPLETED, s.status(), String.valueOf(s.failure()));
    return Json.mapper().readValue(s.output(), ArchivalSummary.class);
  }

  private Set<String> storedIds(int age) throws Exception {
    long from = TODAY.minusDays(age).toEpochDay() * Timestamps.NANOS_PER_DAY;
    LogQuery q = LogQuery.all(10_000).withTimeRange(from, from + Timestamps.NANOS_PER_DAY);
    Set<String> ids = new TreeSet<>();
    store.query(ACME, q).forEach(e -> ids.add(e.id()));
    return ids;
  }

  /** The ids {@code GET /api/logs/export} gives for the day {@code age} days before today (store and archive). */
  private Set<String> exportedIds(int age) throws Exception {
    ExportService exports = new ExportService(store, archive, CLOCK, Duration.ofSeconds(10), System::nanoTime,
        t -> RETENTION.hotDays(), dir.resolve("runs"), 2);
    LocalDate day = TODAY.minusDays(age);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Export e = exports.open(ACME, ExportRequest.of(Map.of("format", "ndjson", "from", day + "T00:00:00Z",
        "to", day.plusDays(1) + "T00:00:00Z")))) {
      byte[] c;
      while ((c = e.nextChunk()) != null) {
        out.write(c);
      }
    } finally {
      exports.close();
    }
    Set<String> ids = new TreeSet<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        ids.add(Json.mapper().readTree(line).path("id").asText());
      }
    }
    return ids;
  }

  private static Set<String> ids(List<LogEvent> events) {
    Set<String> ids = new TreeSet<>();
    events.forEach(e -> ids.add(e.id()));
    return ids;
  }

  private List<SegmentKey> segmentsOf(int age) throws Exception {
    long firstHour = TODAY.minusDays(age).toEpochDay() * 24;
    return archive.list(ACME, firstHour, firstHour + 23);
  }

  @Test
  void day8LeavesTheStoreButIsExportedFromTheArchiveAndDay91IsGoneEverywhere() throws Exception {
    for (int age : AGES) {
      assertEquals(ids(byAge.get(age)), exportedIds(age), "before: day " + age);
    }
    ArchivalSummary summary;
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      summary = run(engine, ArchivalRun.daily(TODAY));
    }
    assertEquals(List.of("acme"), summary.reports().stream().map(RetentionReport::tenant).toList());
    RetentionReport r = summary.reports().get(0);
    assertEquals(List.of(TODAY.minusDays(91).toString(), TODAY.minusDays(30).toString(),
        TODAY.minusDays(8).toString()), r.daysDropped());
    assertEquals(180, r.eventsDropped());
    assertEquals(List.of(TODAY.minusDays(10).toString()), r.daysKept(), "the archive lacks half of day 10");
    assertEquals(30, r.eventsUnarchived());
    assertEquals(2, r.segmentsDeleted(), "day 91's two segments");

    // Day 8 and day 30: gone from the store, still exported (from the archive), every event once.
    for (int age : List.of(8, 30)) {
      assertEquals(Set.of(), storedIds(age), "store, day " + age);
      assertEquals(ids(byAge.get(age)), exportedIds(age), "export, day " + age);
    }
    // Day 91: gone everywhere.
    assertEquals(Set.of(), storedIds(91));
    assertEquals(List.of(), segmentsOf(91));
    assertEquals(Set.of(), exportedIds(91));
    // Hot days, and day 10 whose archive is incomplete, stay in the store as they were.
    for (int age : List.of(1, 3, 10)) {
      assertEquals(ids(byAge.get(age)), storedIds(age), "store, day " + age);
      assertEquals(ids(byAge.get(age)), exportedIds(age), "export, day " + age);
    }
    assertFalse(store.days(ACME).contains(TODAY.minusDays(8).toEpochDay()));

    // Audited in the configuration history (GET /api/audit), by the archival's actor.
    List<ConfigEvent> audit = config.history(ACME, Instant.EPOCH, Instant.MAX);
    assertEquals(1, audit.size());
    ConfigEvent e = audit.get(0);
    assertEquals(RetentionAudit.RETENTION_APPLIED, e.type());
    assertEquals(RetentionAudit.SYSTEM_ACTOR, e.actor());
    assertEquals("retention/acme/archival-" + TODAY, e.stream());
    JsonNode data = e.data();
    assertEquals(3, data.path("daysDropped").size());
    assertEquals(30, data.path("eventsUnarchived").asLong());
  }

  @Test
  void aSecondRunFindsNothingMoreToDoAndAnUnarchivedDayLeavesOnceTheArchiveHasIt() throws Exception {
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      run(engine, ArchivalRun.daily(TODAY));
      RetentionReport again = run(engine, new ArchivalRun("archival-again", TODAY.toString())).reports().get(0);
      assertEquals(List.of(), again.daysDropped());
      assertEquals(0, again.segmentsDeleted());
      assertEquals(List.of(TODAY.minusDays(10).toString()), again.daysKept());

      archiveSegment(byAge.get(10).subList(30, 60)); // what was missing reaches the archive
      RetentionReport later = run(engine, new ArchivalRun("archival-later", TODAY.toString())).reports().get(0);
      assertEquals(List.of(TODAY.minusDays(10).toString()), later.daysDropped());
      assertEquals(List.of(), later.daysKept());
      assertEquals(Set.of(), storedIds(10));
      assertEquals(ids(byAge.get(10)), exportedIds(10));
    }
  }

  @Test
  void aLateArrivalKeepsItsDayHotUntilItHasAgedToo() throws Exception {
    // An old event ingested yesterday (a backfill): its day stays in the store, where an export looks for it.
    long t = TODAY.minusDays(8).toEpochDay() * Timestamps.NANOS_PER_DAY + 20 * HOUR;
    long ingested = TODAY.minusDays(1).toEpochDay() * Timestamps.NANOS_PER_DAY;
    LogEvent late = new LogEvent(EventIds.next(t / 1_000_000L), ACME, EventKind.TEXT, t, ingested, Severity.WARN,
        null, "hdfs", "node-9", Loghub.lines("HDFS").get(500), Map.of(), null, null, null, null);
    store.upsert(List.of(late));
    archiveSegment(List.of(late));
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      RetentionReport r = run(engine, ArchivalRun.daily(TODAY)).reports().get(0);
      assertFalse(r.daysDropped().contains(TODAY.minusDays(8).toString()));
      Set<String> expected = new TreeSet<>(ids(byAge.get(8)));
      expected.add(late.id());
      assertEquals(expected, storedIds(8));
      assertEquals(expected, exportedIds(8));
    }
  }

  @Test
  void anEngineClosedMidRunResumesAndTheResultIsTheSame() throws Exception {
    CountDownLatch inActivity = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Map<String, ActivityFunction> real = lifecycle().activities();
    Map<String, ActivityFunction> stalling = new HashMap<>(real);
    stalling.put(ApplyRetentionActivity.NAME, in -> {
      calls.incrementAndGet();
      inActivity.countDown();
      Thread.sleep(Long.MAX_VALUE); // dies here: the engine is closed under it
      return null;
    });
    ArchivalRun run = ArchivalRun.daily(TODAY);
    LocalOrchestrationEngine first = engine(stalling);
    first.start(ArchivalOrchestrator.NAME, run.run(), run);
    assertTrue(inActivity.await(30, TimeUnit.SECONDS));
    first.close();
    assertEquals(ids(byAge.get(8)), storedIds(8), "nothing done yet");

    try (LocalOrchestrationEngine second = engine(real)) {
      assertTrue(second.awaitEnd(run.run(), WAIT));
      OrchestrationState s = second.get(run.run()).orElseThrow();
      assertEquals(OrchestrationState.Status.COMPLETED, s.status(), String.valueOf(s.failure()));
      RetentionReport r = Json.mapper().readValue(s.output(), ArchivalSummary.class).reports().get(0);
      assertEquals(3, r.daysDropped().size());
    }
    assertEquals(1, calls.get());
    assertEquals(Set.of(), storedIds(8));
    assertEquals(ids(byAge.get(8)), exportedIds(8));
    assertEquals(Set.of(), exportedIds(91));
  }
}
