package io.tributary.local.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveReader;
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
import io.tributary.functions.durable.DataLifecycle;
import io.tributary.functions.durable.EraseArchiveDayActivity;
import io.tributary.functions.durable.EraseStoreDayActivity;
import io.tributary.functions.durable.ErasureJobs;
import io.tributary.functions.durable.ErasureOrchestrator;
import io.tributary.functions.durable.OrchestrationState;
import io.tributary.functions.durable.RecordErasureActivity;
import io.tributary.json.Json;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.configstore.FileConfigStore;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryDeadline;
import io.tributary.retention.RetentionAudit;
import io.tributary.tenancy.Plan;
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
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on the local engine, over the block store and the archive folder: the events that match
 * are found nowhere afterwards — not by a query, a scan (what aggregations read), the archive or an
 * export — and everything else is exactly as it was, the other tenant's events included; the
 * receipt says what, how many, when and by whom, and is audited; an engine closed in the middle
 * (after an activity did its work, before it was recorded) resumes and ends exact.
 */
class ErasureRunTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId BRAVO = TenantId.of("bravo");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  private static final Clock CLOCK = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  private static final long HOUR = 3_600_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** The erasure: PacketResponder lines of the two days before today (not three days ago). */
  private static final Map<String, String> BODY = Map.of("q", "PacketResponder",
      "from", TODAY.minusDays(2) + "T00:00:00Z", "to", TODAY + "T00:00:00Z");

  @TempDir
  Path dir;

  private BlockStore store;
  private DirectoryArchiveStore archive;
  private FileConfigStore config;
  private final List<LogEvent> all = new ArrayList<>();
  private long offset;

  @BeforeEach
  void seed() throws Exception {
    store = new BlockStore(dir.resolve("store"), false);
    archive = new DirectoryArchiveStore(dir.resolve("archive"));
    config = new FileConfigStore(dir.resolve("config"));
    List<String> lines = Loghub.lines("HDFS");
    int next = 0;
    for (TenantId tenant : List.of(ACME, BRAVO)) {
      for (int age = 3; age >= 1; age--) {
        long start = TODAY.minusDays(age).toEpochDay() * Timestamps.NANOS_PER_DAY + 9 * HOUR;
        List<LogEvent> day = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
          long t = start + i * 60_000_000_000L; // a minute apart: two hours of a day
          day.add(new LogEvent(EventIds.next(t / 1_000_000L), tenant, EventKind.TEXT, t, t + 1_000_000_000L,
              Severity.INFO, null, "hdfs", "node-" + (i % 4), lines.get(next++ % lines.size()), Map.of("i", (long) i),
              null, null, null, null));
        }
        // Several blocks and several segments per day, as batches make them.
        for (int from = 0; from < day.size(); from += 40) {
          List<LogEvent> batch = day.subList(from, from + 40);
          store.upsert(batch);
          for (int s = 0; s < batch.size(); s += 20) {
            List<LogEvent> seg = batch.subList(s, s + 20);
            archive.append(new SegmentKey(tenant, Math.floorDiv(seg.get(0).ingestedNanos(), HOUR), 0, offset,
                offset + seg.size() - 1), ArchiveSegments.encode(seg));
            offset += seg.size();
          }
        }
        all.addAll(day);
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
    TenantService tenants = new TenantService(config, CLOCK);
    return DataLifecycle.of(store, archive, tenants, t -> Plan.STANDARD.retention(), new RetentionAudit(config, CLOCK),
        CLOCK);
  }

  private LocalOrchestrationEngine engine(Map<String, ActivityFunction> activities) throws Exception {
    return new LocalOrchestrationEngine(dir.resolve("orchestrations"), lifecycle().orchestrators(), activities, CLOCK,
        2);
  }

  /** The ids of {@code tenant}'s events that the erasure's query matches, by the filter every reader applies. */
  private Set<String> matching(TenantId tenant) throws Exception {
    LogFilter f = LogFilter.of(ExportRequest.of(BODY).query());
    Set<String> ids = new TreeSet<>();
    for (LogEvent e : all) {
      if (e.tenant().equals(tenant) && f.matches(e)) {
        assertTrue(e.message().contains("PacketResponder"), e.message());
        ids.add(e.id());
      }
    }
    return ids;
  }

  private Set<String> idsOf(TenantId tenant) {
    Set<String> ids = new TreeSet<>();
    all.stream().filter(e -> e.tenant().equals(tenant)).forEach(e -> ids.add(e.id()));
    return ids;
  }

  /** Everything of {@code tenant}, as a query pages it, a scan hands it out, the archive reads it and an export writes it. */
  private Map<String, Set<String>> everywhere(TenantId tenant) throws Exception {
    Map<String, Set<String>> out = new HashMap<>();
    Set<String> queried = new TreeSet<>();
    store.query(tenant, LogQuery.all(100_000)).forEach(e -> queried.add(e.id()));
    out.put("query", queried);
    Set<String> scanned = new TreeSet<>();
    store.scan(tenant, LogQuery.all(1), QueryDeadline.none(), e -> scanned.add(e.id()));
    out.put("scan", scanned);
    Set<String> archived = new TreeSet<>();
    new ArchiveReader(archive).read(tenant, 0, Long.MAX_VALUE / 4 / HOUR, e -> archived.add(e.id()));
    out.put("archive", archived);
    // An export with no hot days reads the archive for every hour and the store too, de-duplicated.
    for (int hotDays : List.of(1, 30)) {
      ExportService exports = new ExportService(store, archive, CLOCK, Duration.ofSeconds(10), System::nanoTime,
          t -> hotDays, dir.resolve("runs"), 2);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (Export e = exports.open(tenant, ExportRequest.of(Map.of("format", "ndjson")))) {
        byte[] c;
        while ((c = e.nextChunk()) != null) {
          bytes.write(c);
        }
      } finally {
        exports.close();
      }
      Set<String> exported = new TreeSet<>();
      for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          assertTrue(exported.add(Json.mapper().readTree(line).path("id").asText()), "once: " + line);
        }
      }
      out.put("export, hot days " + hotDays, exported);
    }
    return out;
  }

  private static Map<String, Set<String>> expect(Set<String> ids) {
    Map<String, Set<String>> out = new HashMap<>();
    for (String k : List.of("query", "scan", "archive", "export, hot days 1", "export, hot days 30")) {
      out.put(k, ids);
    }
    return out;
  }

  private JsonNode erase(LocalOrchestrationEngine engine) throws Exception {
    ErasureJobs jobs = new ErasureJobs(engine, CLOCK);
    String id = jobs.start(ACME, "alice@acme", Json.mapper().valueToTree(BODY));
    assertTrue(engine.awaitEnd(id, WAIT));
    return jobs.status(ACME, id).orElseThrow();
  }

  private void assertErasedAndNothingElseChanged(JsonNode status, Set<String> erased) throws Exception {
    assertEquals("completed", status.path("state").asText(), status.toString());
    Set<String> acmeLeft = new TreeSet<>(idsOf(ACME));
    acmeLeft.removeAll(erased);
    assertEquals(expect(acmeLeft), everywhere(ACME), "acme: the erased events are found nowhere, the rest unchanged");
    assertEquals(expect(idsOf(BRAVO)), everywhere(BRAVO), "bravo's own PacketResponder lines stay");
    JsonNode receipt = status.path("result");
    assertEquals(erased.size(), receipt.path("storeEvents").asLong(), receipt.toString());
    assertEquals(erased.size(), receipt.path("archiveEvents").asLong(), receipt.toString());
    assertEquals("alice@acme", receipt.path("requestedBy").asText());
    assertEquals("PacketResponder", receipt.path("q").asText());
    assertEquals(BODY.get("from"), receipt.path("from").asText());
    assertEquals(9, receipt.path("segmentsRewritten").asLong(), "of the 12 segments of acme's two days, 9 held matches");
    assertEquals(100, status.path("progress").path("percent").asInt());
    List<ConfigEvent> audit = config.history(ACME, Instant.EPOCH, Instant.MAX);
    assertEquals(1, audit.size(), audit.toString());
    assertEquals(RecordErasureActivity.ERASURE_COMPLETED, audit.get(0).type());
    assertEquals("alice@acme", audit.get(0).actor());
    assertEquals(Json.mapper().treeToValue(receipt, io.tributary.functions.durable.ErasureReceipt.class),
        Json.mapper().treeToValue(audit.get(0).data(), io.tributary.functions.durable.ErasureReceipt.class));
    assertEquals(List.of(), config.history(BRAVO, Instant.EPOCH, Instant.MAX));
  }

  @Test
  void erasedEventsAreFoundNowhereAfterwardsAndEverythingElseIsUnchanged() throws Exception {
    Set<String> erased = matching(ACME);
    assertTrue(erased.size() > 20 && erased.size() < 160, "a real share of acme's events: " + erased.size());
    assertEquals(expect(idsOf(ACME)), everywhere(ACME), "before");
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      assertErasedAndNothingElseChanged(erase(engine), erased);
    }
    assertFalse(archive.list(ACME, 0, Long.MAX_VALUE / 4 / HOUR).stream().allMatch(k -> k.revision() == 0),
        "segments that held matches were rewritten");
  }

  @Test
  void anEngineClosedAfterAnActivityDidItsWorkButBeforeItWasRecordedResumesAndEndsExact() throws Exception {
    Set<String> erased = matching(ACME);
    Map<String, ActivityFunction> real = lifecycle().activities();
    CountDownLatch died = new CountDownLatch(1);
    AtomicInteger storeDays = new AtomicInteger();
    Map<String, ActivityFunction> dying = new HashMap<>(real);
    dying.put(EraseStoreDayActivity.NAME, in -> {
      String out = real.get(EraseStoreDayActivity.NAME).run(in);
      if (storeDays.incrementAndGet() == 2) {
        died.countDown();
        Thread.sleep(Long.MAX_VALUE); // its work is done; the engine is closed under it before it is recorded
      }
      return out;
    });
    LocalOrchestrationEngine first = engine(dying);
    ErasureJobs jobs = new ErasureJobs(first, CLOCK);
    String id = jobs.start(ACME, "alice@acme", Json.mapper().valueToTree(BODY));
    assertTrue(died.await(30, TimeUnit.SECONDS));
    first.close();

    // The second engine also dies once, in the middle of the archive's first day.
    CountDownLatch diedAgain = new CountDownLatch(1);
    Map<String, ActivityFunction> dyingInArchive = new HashMap<>(real);
    dyingInArchive.put(EraseArchiveDayActivity.NAME, in -> {
      String out = real.get(EraseArchiveDayActivity.NAME).run(in);
      diedAgain.countDown();
      Thread.sleep(Long.MAX_VALUE);
      return out;
    });
    LocalOrchestrationEngine second = engine(dyingInArchive);
    assertTrue(diedAgain.await(30, TimeUnit.SECONDS));
    second.close();

    AtomicInteger reruns = new AtomicInteger();
    Map<String, ActivityFunction> counting = new HashMap<>(real);
    counting.put(EraseStoreDayActivity.NAME, in -> {
      reruns.incrementAndGet();
      return real.get(EraseStoreDayActivity.NAME).run(in);
    });
    try (LocalOrchestrationEngine third = engine(counting)) {
      assertTrue(third.awaitEnd(id, WAIT));
      OrchestrationState s = third.get(id).orElseThrow();
      assertEquals(OrchestrationState.Status.COMPLETED, s.status(), String.valueOf(s.failure()));
      assertEquals(ErasureOrchestrator.NAME, s.name());
      assertErasedAndNothingElseChanged(new ErasureJobs(third, CLOCK).status(ACME, id).orElseThrow(), erased);
    }
    assertEquals(0, reruns.get(), "both store days were recorded before the archive's turn");
  }

  @Test
  void aBlockStoreReopenedAfterARewriteKeepsTheRewriteNotTheBlockItReplaced() throws Exception {
    Set<String> erased = matching(ACME);
    try (LocalOrchestrationEngine engine = engine(lifecycle().activities())) {
      erase(engine);
    }
    store.close();
    store = new BlockStore(dir.resolve("store"), false);
    Set<String> left = new TreeSet<>(idsOf(ACME));
    left.removeAll(erased);
    assertEquals(expect(left), everywhere(ACME));
  }
}
