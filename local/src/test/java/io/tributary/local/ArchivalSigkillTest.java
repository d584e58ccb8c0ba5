package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalSummary;
import io.tributary.functions.durable.OrchestrationState;
import io.tributary.json.Json;
import io.tributary.local.durable.LocalOrchestrationEngine;
import io.tributary.local.testing.ChildRuntime;
import io.tributary.retention.RetentionAudit;
import io.tributary.retention.RetentionReport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archival run survives a SIGKILL of the whole local runtime. A runtime on the block store
 * ingests 2,000 HDFS lines as {@code acme} and 2,000 Android lines as {@code bravo} and stops
 * cleanly (the archive's segments sealed: every event archived). A runtime on the same data folder
 * starts its daily archival run for a day 10 days ahead (test properties: the timer's first look
 * after a second, the run's day offset), so both tenants' store days are past their 7 hot days
 * (and within their 90 cold ones); it is killed with {@code kill -9} after acme's retention was
 * applied and audited but before the engine recorded it (a test property makes it wait there),
 * bravo's not yet applied. A third runtime on the same folder resumes the run: acme's step runs
 * again and finds nothing more, bravo's runs; the run completes; both tenants' hot days are gone
 * from the store; the audit holds one record per tenant, acme's the first run's.
 */
class ArchivalSigkillTest {

  private static final int DAYS_AHEAD = 10;

  @TempDir
  Path dir;

  private ChildRuntime start(int n, long tenantPauseMillis) throws Exception {
    return ChildRuntime.start(dir, n, Map.of("tributary.archival.firstLookSeconds", tenantPauseMillis > 0 ? "1" : "600",
        "tributary.test.archival.dayOffset", Integer.toString(DAYS_AHEAD),
        "tributary.test.archival.tenantPauseMillis", Long.toString(tenantPauseMillis)), Map.of("TRIBUTARY_STORE", "blocks"));
  }

  /** The retention records of {@code tenant}'s audit trail. */
  private static List<JsonNode> retentionAudit(ChildRuntime child, String tenant) throws Exception {
    HttpResponse<String> r = child.call(tenant, "GET", "audit?tenant=" + tenant + "&limit=1000", null);
    assertEquals(200, r.statusCode(), r.body());
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : Json.mapper().readTree(r.body()).path("entries")) {
      if (e.path("type").asText().equals(RetentionAudit.RETENTION_APPLIED)) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void anArchivalRunKilledWithSigkillAfterOneTenantResumesAfterARestartAndEndsExact() throws Exception {
    ChildRuntime ingesting = start(1, 0);
    try {
      ingesting.ingestLoghubAs("acme", "HDFS");
      ingesting.ingestLoghubAs("bravo", "Android");
      ingesting.awaitStored(2000);
      long deadline = System.nanoTime() + ChildRuntime.WAIT.toNanos();
      while (ingesting.stored("bravo") != 2000) {
        assertTrue(System.nanoTime() < deadline, "bravo not all stored: " + ingesting.stored("bravo"));
        Thread.sleep(100);
      }
    } finally {
      ingesting.stop(); // a clean stop: the archive's open segments are sealed
    }
    String day = LocalDate.now(ZoneOffset.UTC).plusDays(DAYS_AHEAD).toString();
    String run = "archival-" + day;

    ChildRuntime first = start(2, 120_000);
    try {
      assertTrue(first.awaitLog("archival tenant applied: acme", 1), "acme applied before the kill: " + first.log());
      assertEquals(0, first.stored("acme"), "acme's hot days left the store");
      assertEquals(2000, first.stored("bravo"), "bravo's are not applied yet");
      assertEquals(1, retentionAudit(first, "acme").size(), "acme's run audited");
      assertTrue(first.log().indexOf("archival tenant applied: bravo") < 0, "killed before bravo");
    } finally {
      first.kill9();
    }
    assertEquals(137, first.process().exitValue(), "killed by SIGKILL");

    ChildRuntime second = start(3, 10); // a pause of 10 ms: the child says when it applies a tenant
    try {
      assertTrue(second.awaitLog("archival tenant applied: bravo", 1), "bravo applied after the restart: "
          + second.log());
      assertTrue(second.log().contains("archival tenant applied: acme"), "acme's step ran again after the restart");
      assertEquals(0, second.stored("acme"), "acme: its days past retention stay gone");
      assertEquals(0, second.stored("bravo"), "bravo: its days past retention gone");
      List<JsonNode> acme = retentionAudit(second, "acme");
      List<JsonNode> bravo = retentionAudit(second, "bravo");
      assertEquals(1, acme.size(), "acme's run audited once, not again by the step run again: " + acme);
      assertEquals(1, bravo.size(), "bravo's once: " + bravo);
      for (JsonNode record : List.of(acme.get(0), bravo.get(0))) {
        assertEquals("retention/" + record.path("tenant").asText() + "/" + run, record.path("stream").asText());
        assertEquals(day, record.path("day").asText());
        assertEquals(2000, record.path("eventsDropped").asLong(), "every stored copy of the dropped days: " + record);
        assertEquals(0, record.path("eventsUnarchived").asLong(), "nothing dropped that is not archived: " + record);
        assertEquals(0, record.path("segmentsDeleted").asLong(), "the archive keeps its 90 days: " + record);
      }
    } finally {
      second.stop();
    }

    // The run's history on disk: completed, with both tenants' reports and none failed.
    try (LocalOrchestrationEngine engine = new LocalOrchestrationEngine(dir.resolve("data").resolve("orchestrations"),
        Map.of(ArchivalOrchestrator.NAME, new ArchivalOrchestrator()), Map.of(), Clock.systemUTC(), 1)) {
      OrchestrationState state = engine.get(run).orElseThrow();
      assertEquals(OrchestrationState.Status.COMPLETED, state.status(), state.toString());
      ArchivalSummary summary = Json.mapper().readValue(state.output(), ArchivalSummary.class);
      assertEquals(List.of("acme", "bravo"), summary.reports().stream().map(RetentionReport::tenant).toList());
      assertEquals(List.of(), summary.failed());
      assertEquals(0, summary.reports().get(0).eventsDropped(), "acme's recorded step is the one run again: nothing"
          + " more to drop");
      assertEquals(2000, summary.reports().get(1).eventsDropped());
    }
  }
}
