package io.tributary.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import io.tributary.auth.Role;
import io.tributary.config.Settings;
import io.tributary.functions.durable.ArchivalRun;
import io.tributary.functions.testing.FakeHttpRequest;
import io.tributary.functions.testing.FakeHttpResponse;
import io.tributary.functions.testing.FunctionAppFixture;
import io.tributary.ingest.IngestGate;
import io.tributary.json.Json;
import io.tributary.limits.InProcessRateLimiter;
import io.tributary.testing.InMemoryEventLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job routes and the archival timer as the Azure app runs them: no engine of its own, the
 * orchestrations started and read through the Durable Functions client the host binds
 * ({@code @DurableClientInput}), here a {@link DurableTaskClient} mocked as a task hub that keeps
 * what it is asked to schedule. Same routes, fields, headers and status codes as locally; 503 only
 * where there is no client.
 */
class DurableJobRoutesTest {

  private final FunctionApp app = FunctionAppFixture.assemble(Settings.from(Map.of("TRIBUTARY_BACKEND", "azure",
      "TRIBUTARY_JWT_SECRET", FunctionAppFixture.settings().get("TRIBUTARY_JWT_SECRET"))), new InMemoryEventLog(4),
      IngestGate.OPEN, new InProcessRateLimiter(() -> 0L), new ArrayList<>());
  /** The instances the hub was asked to start, by id. */
  private final Map<String, NewOrchestrationInstanceOptions> hub = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  /** Instances the hub has completed, with their output. */
  private final Map<String, String> completed = new LinkedHashMap<>();
  private final DurableTaskClient sdk = mock(DurableTaskClient.class);
  private final DurableClientContext durable = mock(DurableClientContext.class);

  DurableJobRoutesTest() throws Exception {
    when(durable.getClient()).thenReturn(sdk);
    when(sdk.scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class)))
        .thenAnswer(call -> {
          NewOrchestrationInstanceOptions o = call.getArgument(1);
          hub.put(o.getInstanceId(), o);
          names.put(o.getInstanceId(), call.getArgument(0));
          return o.getInstanceId();
        });
    when(sdk.getInstanceMetadata(anyString(), anyBoolean())).thenAnswer(call -> {
      String id = call.getArgument(0);
      OrchestrationMetadata m = mock(OrchestrationMetadata.class);
      NewOrchestrationInstanceOptions o = hub.get(id);
      when(m.isInstanceFound()).thenReturn(o != null);
      if (o != null) {
        when(m.getInstanceId()).thenReturn(id);
        when(m.getName()).thenReturn(names.get(id));
        when(m.getRuntimeStatus()).thenReturn(completed.containsKey(id) ? OrchestrationRuntimeStatus.COMPLETED
            : OrchestrationRuntimeStatus.PENDING);
        when(m.getSerializedOutput()).thenReturn(completed.get(id));
        when(m.getSerializedInput()).thenReturn(Json.mapper().writeValueAsString(o.getInput()));
      }
      return m;
    });
  }

  private static FakeHttpRequest request(HttpMethod method, String path, String tenant, String body) {
    return new FakeHttpRequest(method, "http://127.0.0.1:7071/api/" + path,
        Map.of("Authorization", "Bearer " + FunctionAppFixture.token(tenant, Role.LOGS_EXPORT),
            "Content-Type", "application/json"), Map.of(),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(FakeHttpResponse r) throws Exception {
    return Json.mapper().readTree(r.text());
  }

  @Test
  void aReplayIsStartedInTheTaskHubAndReadBackByItsTenantOnly() throws Exception {
    FakeHttpResponse started = (FakeHttpResponse) new ReplaysFunction(app).run(request(HttpMethod.POST, "replays",
        "acme", "{\"from\":\"2026-02-21T00:00:00Z\",\"to\":\"2026-02-22T00:00:00Z\",\"q\":\"error\"}"), durable,
        FunctionAppFixture.context());

    assertEquals(202, started.getStatusCode(), started.text());
    assertEquals(1, hub.size(), "one instance started");
    String id = hub.keySet().iterator().next();
    assertEquals("ReplayOrchestration", names.get(id), "the orchestrator's function");
    assertEquals("/api/replays/" + id, started.getHeader("Location"));
    assertEquals("{\"id\":\"" + id + "\",\"state\":\"running\",\"progress\":{\"events\":0,\"bytes\":0,\"percent\":0},"
        + "\"result\":null}", started.text());
    JsonNode input = Json.mapper().valueToTree(hub.get(id).getInput());
    assertEquals("acme", input.path("tenant").asText());
    assertEquals("error", input.path("params").path("q").asText());

    FakeHttpResponse read = (FakeHttpResponse) new ReplayFunction(app).run(request(HttpMethod.GET, "replays/" + id,
        "acme", null), id, durable, FunctionAppFixture.context());
    assertEquals(200, read.getStatusCode(), read.text());
    assertEquals(started.text(), read.text());

    FakeHttpResponse other = (FakeHttpResponse) new ReplayFunction(app).run(request(HttpMethod.GET, "replays/" + id,
        "other", null), id, durable, FunctionAppFixture.context());
    assertEquals(404, other.getStatusCode(), other.text());
    assertEquals("replay_not_found", json(other).path("code").asText());
  }

  @Test
  void aBadReplayBodyIsA400AndStartsNothing() throws Exception {
    FakeHttpResponse r = (FakeHttpResponse) new ReplaysFunction(app).run(request(HttpMethod.POST, "replays",
        "acme", "{\"from\":\"2026-02-21T00:00:00Z\",\"destination\":\"x\"}"), durable, FunctionAppFixture.context());

    assertEquals(400, r.getStatusCode(), r.text());
    assertEquals("unknown_field", json(r).path("code").asText());
    verify(sdk, never()).scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class));
  }

  @Test
  void withoutADurableClientTheJobRoutesAnswer503() throws Exception {
    FakeHttpResponse none = (FakeHttpResponse) new ReplaysFunction(app).run(request(HttpMethod.POST, "replays", "acme",
        "{}"), null, FunctionAppFixture.context());
    assertEquals(503, none.getStatusCode(), none.text());
    assertEquals("replay_unavailable", json(none).path("code").asText());

    // A binding the host filled without the extension's RPC address: getClient() cannot connect.
    FakeHttpResponse unfilled = (FakeHttpResponse) new ReplaysFunction(app).run(request(HttpMethod.POST, "replays",
        "acme", "{}"), new DurableClientContext(), FunctionAppFixture.context());
    assertEquals(503, unfilled.getStatusCode(), unfilled.text());
    assertEquals("replay_unavailable", json(unfilled).path("code").asText());
  }

  @Test
  void withoutExportFilesThereAreNoExportJobs() throws Exception {
    FakeHttpResponse r = (FakeHttpResponse) new ExportJobsFunction(app).run(request(HttpMethod.POST, "exports", "acme",
        "{\"format\":\"csv\"}"), durable, FunctionAppFixture.context());
    assertEquals(503, r.getStatusCode(), r.text());
    assertEquals("export_jobs_unavailable", json(r).path("code").asText());
  }

  @Test
  void anExportJobsDestinationIsCheckedAtTheEdgeAndCarriedInTheJob(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    app.useExportFiles(new io.tributary.export.DirectoryExportFiles(dir));
    FakeHttpResponse readOnly = (FakeHttpResponse) new ExportJobsFunction(app).run(request(HttpMethod.POST, "exports",
        "acme", "{\"destination\":{\"url\":\"https://acct.blob.core.windows.net/out?sr=c&sp=r&sig=x\"}}"), durable,
        FunctionAppFixture.context());
    assertEquals(400, readOnly.getStatusCode(), readOnly.text());
    assertEquals("invalid_destination", json(readOnly).path("code").asText());
    assertEquals("destination.url", json(readOnly).path("field").asText());
    assertTrue(hub.isEmpty(), "nothing started");

    String url = "https://acct.blob.core.windows.net/out?sr=c&sp=cw&sig=x";
    FakeHttpResponse started = (FakeHttpResponse) new ExportJobsFunction(app).run(request(HttpMethod.POST, "exports",
        "acme", "{\"format\":\"csv\",\"destination\":{\"url\":\"" + url + "\"}}"), durable,
        FunctionAppFixture.context());
    assertEquals(202, started.getStatusCode(), started.text());
    String id = hub.keySet().iterator().next();
    assertEquals(url, ((io.tributary.functions.durable.ExportJob) hub.get(id).getInput()).destination());
    assertEquals(Map.of("format", "csv"), ((io.tributary.functions.durable.ExportJob) hub.get(id).getInput()).params(),
        "the destination is not a filter");
    completed.put(id, Json.mapper().writeValueAsString(new io.tributary.functions.durable.ExportResult(
        "https://acct.blob.core.windows.net/out/tributary-" + id + ".csv", 5, 230, "ab")));
    JsonNode done = json((FakeHttpResponse) new ExportJobFunction(app).run(request(HttpMethod.GET, "exports/" + id,
        "acme", null), id, durable, FunctionAppFixture.context()));
    assertEquals("https://acct.blob.core.windows.net/out/tributary-" + id + ".csv", done.path("result").path("url")
        .asText(), "the blob in the caller's container, without the SAS");
  }

  @Test
  void exportJobsAreListedFromTheTaskHubByTheirTenantsIdPrefixNewestFirst(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    app.useExportFiles(new io.tributary.export.DirectoryExportFiles(dir));
    java.util.List<String> prefixes = new ArrayList<>();
    when(sdk.queryInstances(any(com.microsoft.durabletask.OrchestrationStatusQuery.class))).thenAnswer(call -> {
      com.microsoft.durabletask.OrchestrationStatusQuery q = call.getArgument(0);
      prefixes.add(q.getInstanceIdPrefix());
      java.util.List<OrchestrationMetadata> states = new ArrayList<>();
      for (String id : hub.keySet()) {
        if (id.startsWith(q.getInstanceIdPrefix())) {
          OrchestrationMetadata m = mock(OrchestrationMetadata.class);
          when(m.getInstanceId()).thenReturn(id);
          states.add(m);
        }
      }
      com.microsoft.durabletask.OrchestrationStatusQueryResult r =
          mock(com.microsoft.durabletask.OrchestrationStatusQueryResult.class);
      when(r.getOrchestrationState()).thenReturn(states);
      return r;
    });
    java.util.List<String> acme = new ArrayList<>();
    for (String tenant : java.util.List.of("acme", "bravo", "acme")) {
      FakeHttpResponse started = (FakeHttpResponse) new ExportJobsFunction(app).run(request(HttpMethod.POST,
          "exports", tenant, "{\"format\":\"ndjson\"}"), durable, FunctionAppFixture.context());
      assertEquals(202, started.getStatusCode(), started.text());
      String id = json(started).path("id").asText();
      assertTrue(id.startsWith(tenant + "-EX-"), "the job id carries its tenant: " + id);
      if (tenant.equals("acme")) {
        acme.add(0, id);
      }
      Thread.sleep(2); // ids of later jobs sort later
    }

    FakeHttpResponse listed = (FakeHttpResponse) new ExportJobListFunction(app).run(request(HttpMethod.GET, "exports",
        "acme", null), durable, FunctionAppFixture.context());

    assertEquals(200, listed.getStatusCode(), listed.text());
    java.util.List<String> ids = new ArrayList<>();
    json(listed).path("jobs").forEach(j -> ids.add(j.path("id").asText()));
    assertEquals(acme, ids, "acme's two jobs, newest first; bravo's is not listed");
    assertEquals("running", json(listed).path("jobs").get(0).path("state").asText());
    assertEquals(java.util.List.of("acme-EX-"), prefixes, "the hub is asked for acme's prefix only");
  }

  @Test
  void anExportJobIsStartedInTheTaskHubAndItsResultLinkIsSignedAnewAtEachRead(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.util.concurrent.atomic.AtomicInteger signed = new java.util.concurrent.atomic.AtomicInteger();
    io.tributary.export.ExportFiles folder = new io.tributary.export.DirectoryExportFiles(dir);
    app.useExportFiles(new io.tributary.export.ExportFiles() {
      @Override
      public void write(io.tributary.event.TenantId t, String job, String name, Content c) throws java.io.IOException {
        folder.write(t, job, name, c);
      }

      @Override
      public java.io.InputStream read(io.tributary.event.TenantId t, String job, String name)
          throws java.io.IOException {
        return folder.read(t, job, name);
      }

      @Override
      public boolean delete(io.tributary.event.TenantId t, String job, String name) throws java.io.IOException {
        return folder.delete(t, job, name);
      }

      @Override
      public String url(io.tributary.event.TenantId t, String job, String name) {
        return "https://archive.example/exports/" + t.value() + "/" + job + "/" + name + "?sig=" + signed.incrementAndGet();
      }
    });

    FakeHttpResponse started = (FakeHttpResponse) new ExportJobsFunction(app).run(request(HttpMethod.POST, "exports",
        "acme", "{\"format\":\"csv\",\"q\":\"error\"}"), durable, FunctionAppFixture.context());
    assertEquals(202, started.getStatusCode(), started.text());
    String id = hub.keySet().iterator().next();
    assertEquals("ExportOrchestration", names.get(id));
    assertEquals("/api/exports/" + id, started.getHeader("Location"));
    assertEquals("running", json(started).path("state").asText());

    completed.put(id, Json.mapper().writeValueAsString(new io.tributary.functions.durable.ExportResult(
        "https://archive.example/exports/acme/" + id + "/export.csv?sig=0", 5, 230, "ab")));
    ExportJobFunction job = new ExportJobFunction(app);
    JsonNode first = json((FakeHttpResponse) job.run(request(HttpMethod.GET, "exports/" + id, "acme", null), id,
        durable, FunctionAppFixture.context()));
    JsonNode second = json((FakeHttpResponse) job.run(request(HttpMethod.GET, "exports/" + id, "acme", null), id,
        durable, FunctionAppFixture.context()));
    assertEquals("completed", first.path("state").asText());
    assertEquals("https://archive.example/exports/acme/" + id + "/export.csv?sig=1", first.path("result").path("url")
        .asText(), "a link made at the read, to the job's file");
    assertEquals("https://archive.example/exports/acme/" + id + "/export.csv?sig=2", second.path("result").path("url")
        .asText(), "and another at the next");
    assertEquals(5, first.path("result").path("events").asLong());
    assertEquals("ab", first.path("result").path("sha256").asText());

    FakeHttpResponse ended = (FakeHttpResponse) job.run(request(HttpMethod.DELETE, "exports/" + id, "acme", null), id,
        durable, FunctionAppFixture.context());
    assertEquals(409, ended.getStatusCode(), ended.text());
    assertEquals("export_ended", json(ended).path("code").asText());
  }

  @Test
  void theArchivalTimerStartsTheDaysOrchestrationOnceHoweverOftenItFires() throws Exception {
    Clock day = Clock.fixed(Instant.parse("2026-03-01T01:30:00Z"), ZoneOffset.UTC);
    ArchivalTickFunction tick = new ArchivalTickFunction(app, day);

    tick.run("timer", durable, FunctionAppFixture.context());
    tick.run("timer", durable, FunctionAppFixture.context());

    ArchivalRun run = ArchivalRun.daily(java.time.LocalDate.of(2026, 3, 1));
    assertEquals(java.util.List.of(run.run()), java.util.List.copyOf(hub.keySet()));
    assertEquals("ArchivalOrchestration", names.get(run.run()));
    assertEquals(run, hub.get(run.run()).getInput());
  }

  @Test
  void theArchivalTimerWithoutAClientFailsRatherThanRunTheArchivalItself() {
    ArchivalTickFunction tick = new ArchivalTickFunction(app, Clock.systemUTC());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> tick.run("timer", null, FunctionAppFixture.context()));
    assertTrue(e.getMessage().contains("Durable Functions"), e.getMessage());
  }
}
