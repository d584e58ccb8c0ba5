package io.tributary.local.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.export.DirectoryExportFiles;
import io.tributary.export.Export;
import io.tributary.export.ExportFiles;
import io.tributary.export.ExportRequest;
import io.tributary.export.ExportService;
import io.tributary.functions.durable.ActivityFunction;
import io.tributary.functions.durable.ExportActivities;
import io.tributary.functions.durable.ExportJob;
import io.tributary.functions.durable.ExportOrchestrator;
import io.tributary.functions.durable.ExportPartActivity;
import io.tributary.functions.durable.ExportResult;
import io.tributary.functions.durable.OrchestrationState;
import io.tributary.json.Json;
import io.tributary.testing.ListLogStore;
import io.tributary.testing.Loghub;
import io.tributary.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export jobs on the local engine, against the streaming export of the same query and snapshot:
 * the same bytes; a job whose engine dies mid-part resumes on a new engine over the same folder and
 * still gives exactly those bytes; a cancelled job ends cancelled.
 */
class ExportJobEngineTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final ListLogStore store = new ListLogStore();
  private final Clock clock = Clock.systemUTC();
  private ExportService exports;
  private ExportFiles files;

  @BeforeEach
  void seed() {
    List<LogEvent> events = new ArrayList<>();
    long t = TestEvents.T0;
    for (String system : List.of("HDFS", "Android")) {
      for (String line : Loghub.lines(system).subList(0, 400)) {
        t += 1_000_000_000L;
        events.add(new LogEvent(EventIds.next(t / 1_000_000L), ACME, EventKind.TEXT, t, t + 1, Severity.INFO, null,
            system.toLowerCase(), "h", line, Map.of("n", t % 97), null, null, null, null));
      }
    }
    store.upsert(events);
    exports = new ExportService(store, null, clock, Duration.ofSeconds(10), System::nanoTime, x -> 7,
        dir.resolve("runs"), 4);
    files = new DirectoryExportFiles(dir.resolve("files"));
  }

  private ExportJob job(String id, String format, long partEvents) throws Exception {
    Map<String, String> params = Map.of("format", format, "q", "-nosuchword");
    ExportRequest r = ExportRequest.of(params);
    long asOf = io.tributary.event.Timestamps.ofInstant(clock.instant());
    return new ExportJob(id, ACME.value(), params, asOf, r.query().fromNanos(), asOf, partEvents);
  }

  /** What {@code GET /api/logs/export} answers for the job's parameters (the store is not written meanwhile). */
  private byte[] streamed(ExportJob job) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Export e = exports.open(ACME, ExportRequest.of(job.params()))) {
      byte[] c;
      while ((c = e.nextChunk()) != null) {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private LocalOrchestrationEngine engine(Map<String, ActivityFunction> activities) throws Exception {
    return new LocalOrchestrationEngine(dir.resolve("orchestrations"),
        Map.of(ExportOrchestrator.NAME, new ExportOrchestrator()), activities, clock, 2);
  }

  private static byte[] fileOf(ExportResult r) throws Exception {
    return Files.readAllBytes(Path.of(URI.create(r.url())));
  }

  @Test
  void aJobInPartsGivesTheStreamingExportsBytesForEachFormat() throws Exception {
    try (LocalOrchestrationEngine engine = engine(ExportActivities.of(exports, files))) {
      for (String format : List.of("csv", "ndjson", "json")) {
        ExportJob job = job("job-" + format, format, 150);
        engine.start(ExportOrchestrator.NAME, job.job(), job);
        assertTrue(engine.awaitEnd(job.job(), WAIT));
        OrchestrationState s = engine.get(job.job()).orElseThrow();
        assertEquals(OrchestrationState.Status.COMPLETED, s.status(), String.valueOf(s.failure()));
        ExportResult r = Json.mapper().readValue(s.output(), ExportResult.class);
        byte[] expected = streamed(job);
        assertArrayEquals(expected, fileOf(r), format);
        assertEquals(800, r.events());
        assertEquals(expected.length, r.bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)), r.sha256());
        JsonNode progress = Json.mapper().readTree(s.customStatus());
        assertEquals(800, progress.path("events").asLong());
        assertEquals(100, progress.path("percent").asInt());
        if (format.equals("json")) {
          assertEquals(800, Json.mapper().readTree(fileOf(r)).size());
        }
        try (var left = Files.list(dir.resolve("files").resolve("acme").resolve(job.job()))) {
          assertEquals(List.of("export." + format), left.map(p -> p.getFileName().toString()).toList(),
              "the parts are gone, the file stays");
        }
      }
    }
  }

  @Test
  void anEngineThatDiesMidPartResumesOnTheSameFolderAndTheFileIsExact() throws Exception {
    ExportJob job = job("job-crash", "csv", 100);
    Map<String, ActivityFunction> real = ExportActivities.of(exports, files);
    CountDownLatch inThirdPart = new CountDownLatch(1);
    AtomicInteger parts = new AtomicInteger();
    Map<String, ActivityFunction> stalling = new HashMap<>(real);
    stalling.put(ExportPartActivity.NAME, in -> {
      if (parts.incrementAndGet() == 3) {
        inThirdPart.countDown();
        Thread.sleep(Long.MAX_VALUE); // dies here: the engine is closed under it
      }
      return real.get(ExportPartActivity.NAME).run(in);
    });
    LocalOrchestrationEngine first = engine(stalling);
    first.start(ExportOrchestrator.NAME, job.job(), job);
    assertTrue(inThirdPart.await(30, java.util.concurrent.TimeUnit.SECONDS));
    first.close();
    assertEquals(OrchestrationState.Status.RUNNING, readState(job.job()).status(), "not ended: it died");

    AtomicInteger rerun = new AtomicInteger();
    Map<String, ActivityFunction> counting = new HashMap<>(real);
    counting.put(ExportPartActivity.NAME, in -> {
      rerun.incrementAndGet();
      return real.get(ExportPartActivity.NAME).run(in);
    });
    try (LocalOrchestrationEngine second = engine(counting)) {
      assertTrue(second.awaitEnd(job.job(), WAIT));
      OrchestrationState s = second.get(job.job()).orElseThrow();
      assertEquals(OrchestrationState.Status.COMPLETED, s.status(), String.valueOf(s.failure()));
      ExportResult r = Json.mapper().readValue(s.output(), ExportResult.class);
      assertArrayEquals(streamed(job), fileOf(r), "no event missing or repeated");
      assertEquals(800, r.events());
      assertEquals(7, rerun.get(), "parts 3 to 9 ran after the restart (the first two were recorded)");
    }
  }

  private OrchestrationState readState(String id) throws Exception {
    try (LocalOrchestrationEngine reader = new LocalOrchestrationEngine(dir.resolve("orchestrations-copy"),
        Map.of(), Map.of(), clock, 1)) {
      // A copy of the history, read by an engine that runs nothing.
      Files.copy(dir.resolve("orchestrations").resolve(id + ".hist"),
          dir.resolve("orchestrations-copy").resolve(id + ".hist"));
      return reader.get(id).orElseThrow();
    }
  }

  @Test
  void aCancelledJobEndsCancelledAndRunsNoFurtherPart() throws Exception {
    ExportJob job = job("job-cancel", "ndjson", 100);
    Map<String, ActivityFunction> real = ExportActivities.of(exports, files);
    CountDownLatch inPart = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger parts = new AtomicInteger();
    Map<String, ActivityFunction> gated = new HashMap<>(real);
    gated.put(ExportPartActivity.NAME, in -> {
      if (parts.incrementAndGet() == 2) {
        inPart.countDown();
        release.await();
      }
      return real.get(ExportPartActivity.NAME).run(in);
    });
    try (LocalOrchestrationEngine engine = engine(gated)) {
      engine.start(ExportOrchestrator.NAME, job.job(), job);
      assertTrue(inPart.await(30, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(engine.terminate(job.job(), "cancelled by the caller"));
      release.countDown();
      assertTrue(engine.awaitEnd(job.job(), WAIT));
      Thread.sleep(200);
      assertEquals(OrchestrationState.Status.CANCELLED, engine.get(job.job()).orElseThrow().status());
      assertEquals(2, parts.get(), "no part after the cancel");
      assertFalse(engine.terminate(job.job(), "again"), "an ended job cannot be cancelled");
    }
  }
}
