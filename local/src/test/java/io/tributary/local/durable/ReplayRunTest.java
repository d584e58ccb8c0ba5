package io.tributary.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.functions.durable.ActivityFunction;
import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalRun;
import io.tributary.functions.durable.DataLifecycle;
import io.tributary.functions.durable.ErasureJobs;
import io.tributary.functions.durable.ReplayDayActivity;
import io.tributary.functions.durable.ReplayJobs;
import io.tributary.json.Json;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.configstore.FileConfigStore;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.retention.RetentionAudit;
import io.tributary.tenancy.Retention;
import io.tributary.tenancy.TenantService;
import io.tributary.testing.Loghub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay on the local engine: after the archival run dropped day 8 from the block store, a replay
 * of that day brings every one of its events back from the archive, each once; a second replay
 * adds nothing; a replay interrupted after a day was stored but before it was recorded resumes and
 * the store is the same; an erased event is never brought back.
 */
class ReplayRunTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  private static final Clock CLOCK = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  private static final long HOUR = 3_600_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final LocalDate DAY8 = TODAY.minusDays(8);
  private static final Map<String, String> DAY8_RANGE = Map.of("from", DAY8 + "T00:00:00Z",
      "to", DAY8.plusDays(1) + "T00:00:00Z");

  @TempDir
  Path dir;

  private BlockStore store;
  private DirectoryArchiveStore archive;
  private FileConfigStore config;
  private final Map<Integer, List<LogEvent>> byAge = new HashMap<>();
  private long offset;

  @BeforeEach
  void seed() throws Exception {
    store = new BlockStore(dir.resolve("store"));
    archive = new DirectoryArchiveStore(dir.resolve("archive"));
    config = new FileConfigStore(dir.resolve("config"));
    List<String> lines = Loghub.lines("HDFS");
    int next = 0;
    for (int age : List.of(2, 8, 9)) {
      long start = TODAY.minusDays(age).toEpochDay() * Timestamps.NANOS_PER_DAY + 22 * HOUR;
      List<LogEvent> day = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        long t = start + i * 30_000_000_000L; // 75 minutes: two ingest hours of the day
        day.add(new LogEvent(EventIds.next(t / 1_000_000L), ACME, EventKind.TEXT, t, t + 2_000_000_000L,
            Severity.INFO, null, "hdfs", "node-" + (i % 3), lines.get(next++), Map.of("i", (long) i), null, null,
            null, null));
      }
      byAge.put(age, day);
      for (int from = 0; from < day.size(); from += 50) {
        List<LogEvent> batch = day.subList(from, from + 50);
        store.upsert(batch);
        archive.append(new SegmentKey(ACME, Math.floorDiv(batch.get(0).ingestedNanos(), HOUR), 0, offset,
            offset + batch.size() - 1), ArchiveSegments.encode(batch));
        offset += batch.size();
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    archive.close();
    config.close();
  }

  private DataLifecycle lifecycle() {
    return DataLifecycle.of(store, archive, new TenantService(config, CLOCK), t -> new Retention(7, 90),
        new RetentionAudit(config, CLOCK), CLOCK);
  }

  private LocalOrchestrationEngine engine(Map<String, ActivityFunction> activities) throws Exception {
    return new LocalOrchestrationEngine(dir.resolve("orchestrations"), lifecycle().orchestrators(), activities, CLOCK,
        2);
  }

  /** Every stored copy of the day's events as a scan hands them out (each once), by id. */
  private List<String> stored(LocalDate day) throws Exception {
    long from = day.toEpochDay() * Timestamps.NANOS_PER_DAY;
    List<String> ids = new ArrayList<>();
    store.scan(ACME, LogQuery.all(1).withTimeRange(from, from + Timestamps.NANOS_PER_DAY), QueryDeadline.none(),
        e -> ids.add(e.id()));
    return ids;
  }

  private static Set<String> ids(List<LogEvent> events) {
    Set<String> ids = new TreeSet<>();
    events.forEach(e -> ids.add(e.id()));
    return ids;
  }

  private JsonNode replay(LocalOrchestrationEngine engine, Map<String, String> body) throws Exception {
    ReplayJobs jobs = new ReplayJobs(engine, CLOCK);
    String id = jobs.start(ACME, Json.mapper().valueToTree(body));
    assertTrue(engine.awaitEnd(id, WAIT));
    JsonNode s = jobs.status(ACME, id).orElseThrow();
    assertEquals("completed", s.path("state").asText(), s.toString());
    return s;
  }

  private void dropHotDaysPastRetention(LocalOrchestrationEngine engine) throws Exception {
    ArchivalRun run = ArchivalRun.daily(TODAY);
    engine.start(ArchivalOrchestrator.NAME, run.run(), run);
    assertTrue(engine.awaitEnd(run.run(), WAIT));
    assertEquals(List.of(), stored(DAY8), "the archival run dropped day 8 from the store");
  }

  @Test
  void afterRetentionDroppedADayAReplayBringsItBackAndASecondAddsNothing() throws Exception {
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      dropHotDaysPastRetention(engine);
      JsonNode first = replay(engine, DAY8_RANGE);
      assertEquals(150, first.path("result").path("events").asLong(), first.toString());
      assertEquals(150, first.path("progress").path("events").asLong(), first.toString());
      assertEquals(100, first.path("progress").path("percent").asInt());
      List<String> back = stored(DAY8);
      assertEquals(150, back.size(), "each event once");
      assertEquals(ids(byAge.get(8)), new TreeSet<>(back));

      JsonNode second = replay(engine, DAY8_RANGE);
      assertEquals(0, second.path("result").path("events").asLong(), second.toString());
      assertTrue(second.path("result").path("read").asLong() >= 150, second.toString());
      assertEquals(back, stored(DAY8), "the same count and ids after a second replay");
      assertEquals(ids(byAge.get(2)), new TreeSet<>(stored(TODAY.minusDays(2))), "hot days untouched");
      assertEquals(150, stored(TODAY.minusDays(2)).size());
    }
  }

  @Test
  void aReplayOfARangeThatIsStillHotAddsNothing() throws Exception {
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      LocalDate day = TODAY.minusDays(2);
      JsonNode r = replay(engine, Map.of("from", day + "T00:00:00Z", "to", day.plusDays(1) + "T00:00:00Z"));
      assertEquals(0, r.path("result").path("events").asLong(), r.toString());
      assertEquals(150, stored(day).size());
    }
  }

  @Test
  void aReplayCutAfterADayWasStoredButBeforeItWasRecordedResumesAndTheStoreIsTheSame() throws Exception {
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      dropHotDaysPastRetention(engine);
    }
    Map<String, ActivityFunction> real = lifecycle().activities();
    Map<String, ActivityFunction> dying = new HashMap<>(real);
    CountDownLatch died = new CountDownLatch(1);
    dying.put(ReplayDayActivity.NAME, in -> {
      String out = real.get(ReplayDayActivity.NAME).run(in);
      died.countDown();
      Thread.sleep(Long.MAX_VALUE); // its events are stored; the engine is closed before it is recorded
      return out;
    });
    Map<String, String> range = Map.of("from", TODAY.minusDays(9) + "T00:00:00Z", "to", DAY8.plusDays(1) + "T00:00:00Z");
    LocalOrchestrationEngine first = engine(dying);
    String id = new ReplayJobs(first, CLOCK).start(ACME, Json.mapper().valueToTree(range));
    assertTrue(died.await(30, TimeUnit.SECONDS));
    first.close();
    try (LocalOrchestrationEngine second = engine(real)) {
      assertTrue(second.awaitEnd(id, WAIT));
      JsonNode s = new ReplayJobs(second, CLOCK).status(ACME, id).orElseThrow();
      assertEquals("completed", s.path("state").asText(), s.toString());
    }
    for (int age : List.of(8, 9)) {
      List<String> back = stored(TODAY.minusDays(age));
      assertEquals(150, back.size(), "day " + age + ": each event once");
      assertEquals(ids(byAge.get(age)), new TreeSet<>(back));
    }
  }

  @Test
  void anErasedEventIsNeverReplayed() throws Exception {
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      dropHotDaysPastRetention(engine);
      LogEvent victim = byAge.get(8).get(17);
      ErasureJobs erasures = new ErasureJobs(engine, CLOCK);
      String e = erasures.start(ACME, "dpo@acme", Json.mapper().valueToTree(Map.of("q", "i:17",
          "from", DAY8 + "T00:00:00Z", "to", DAY8.plusDays(1) + "T00:00:00Z")));
      assertTrue(engine.awaitEnd(e, WAIT));
      assertEquals(1, erasures.status(ACME, e).orElseThrow().path("result").path("archiveEvents").asLong());
      JsonNode r = replay(engine, DAY8_RANGE);
      assertEquals(149, r.path("result").path("events").asLong(), r.toString());
      Set<String> expected = ids(byAge.get(8));
      expected.remove(victim.id());
      assertEquals(expected, new TreeSet<>(stored(DAY8)));
    }
  }
}
