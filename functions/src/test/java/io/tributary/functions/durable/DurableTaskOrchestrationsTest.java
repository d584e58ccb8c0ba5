package io.tributary.functions.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.FailureDetails;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.OrchestrationStatusQueryResult;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The Azure {@link OrchestrationClient} against a mocked {@link DurableTaskClient}: instances
 * started under the orchestrator's function name and answered under the orchestrator's, start
 * idempotent, the runtime states mapped to the job API's, terminate only what runs.
 */
class DurableTaskOrchestrationsTest {

  private final DurableTaskClient sdk = mock(DurableTaskClient.class);
  private final DurableTaskOrchestrations client = new DurableTaskOrchestrations(sdk);

  private static OrchestrationMetadata missing() {
    OrchestrationMetadata m = mock(OrchestrationMetadata.class);
    when(m.isInstanceFound()).thenReturn(false);
    return m;
  }

  private static OrchestrationMetadata instance(String id, OrchestrationRuntimeStatus status) throws Exception {
    OrchestrationMetadata m = mock(OrchestrationMetadata.class);
    when(m.isInstanceFound()).thenReturn(true);
    when(m.getInstanceId()).thenReturn(id);
    when(m.getName()).thenReturn("ReplayOrchestration");
    when(m.getRuntimeStatus()).thenReturn(status);
    when(m.getSerializedInput()).thenReturn("{\"id\":\"" + id + "\",\"tenant\":\"acme\"}");
    when(m.getSerializedOutput()).thenReturn("{\"replayed\":13}");
    when(m.isCustomStatusFetched()).thenReturn(true);
    when(m.readCustomStatusAs(JsonNode.class)).thenReturn(Json.mapper().readTree(
        "{\"events\":10,\"bytes\":0,\"percent\":25}"));
    return m;
  }

  @Test
  void startSchedulesTheOrchestratorsFunctionWithTheInstanceIdAndInput() throws Exception {
    OrchestrationMetadata none = missing();
    when(sdk.getInstanceMetadata("r1", false)).thenReturn(none);
    ReplayJob job = new ReplayJob("r1", "acme", Map.of("from", "2026-02-21T00:00:00Z"), 5_000L);

    client.start(ReplayOrchestrator.NAME, "r1", job);

    ArgumentCaptor<NewOrchestrationInstanceOptions> options = ArgumentCaptor.forClass(NewOrchestrationInstanceOptions.class);
    verify(sdk).scheduleNewOrchestrationInstance(eq("ReplayOrchestration"), options.capture());
    assertEquals("r1", options.getValue().getInstanceId());
    assertEquals(job, options.getValue().getInput(), "the input as given: the client's data converter writes it");
  }

  @Test
  void startingAnInstanceThatExistsDoesNothing() throws Exception {
    OrchestrationMetadata running = instance("archival-2026-03-01", OrchestrationRuntimeStatus.RUNNING);
    when(sdk.getInstanceMetadata("archival-2026-03-01", false)).thenReturn(running);

    client.start(ArchivalOrchestrator.NAME, "archival-2026-03-01", new Object());

    verify(sdk, never()).scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class));
  }

  @Test
  void anInstanceStartedByAnotherCallerInBetweenIsStartedNotAFailure() throws Exception {
    OrchestrationMetadata none = missing();
    OrchestrationMetadata running = instance("archival-2026-03-01", OrchestrationRuntimeStatus.PENDING);
    when(sdk.getInstanceMetadata("archival-2026-03-01", false)).thenReturn(none, running);
    when(sdk.scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class)))
        .thenThrow(new IllegalStateException("an instance with ID 'archival-2026-03-01' already exists"));

    client.start(ArchivalOrchestrator.NAME, "archival-2026-03-01", new Object());
  }

  @Test
  void aStartTheHubRefusesIsAnIoError() throws Exception {
    OrchestrationMetadata none = missing();
    when(sdk.getInstanceMetadata("r1", false)).thenReturn(none);
    when(sdk.scheduleNewOrchestrationInstance(anyString(), any(NewOrchestrationInstanceOptions.class)))
        .thenThrow(new RuntimeException("UNAVAILABLE: io exception"));

    IOException e = assertThrows(IOException.class, () -> client.start(ReplayOrchestrator.NAME, "r1", new Object()));
    assertTrue(e.getMessage().contains("r1"), e.getMessage());
  }

  @Test
  void pendingRunningAndSuspendedAreRunningWithTheCustomStatusAsProgress() throws Exception {
    for (OrchestrationRuntimeStatus s : new OrchestrationRuntimeStatus[] {OrchestrationRuntimeStatus.PENDING,
        OrchestrationRuntimeStatus.RUNNING, OrchestrationRuntimeStatus.SUSPENDED}) {
      OrchestrationMetadata m = instance("r1", s);
      when(sdk.getInstanceMetadata("r1", true)).thenReturn(m);

      OrchestrationState state = client.get("r1").orElseThrow();

      assertEquals(OrchestrationState.Status.RUNNING, state.status(), s.name());
      assertEquals(ReplayOrchestrator.NAME, state.name(), "answered under the orchestrator's name");
      assertEquals("{\"id\":\"r1\",\"tenant\":\"acme\"}", state.input());
      assertEquals("{\"events\":10,\"bytes\":0,\"percent\":25}", state.customStatus());
      assertNull(state.output(), "no output until completed");
      assertNull(state.failure());
    }
  }

  @Test
  void completedCarriesTheOutput() throws Exception {
    OrchestrationMetadata m = instance("r1", OrchestrationRuntimeStatus.COMPLETED);
    when(sdk.getInstanceMetadata("r1", true)).thenReturn(m);

    OrchestrationState state = client.get("r1").orElseThrow();

    assertEquals(OrchestrationState.Status.COMPLETED, state.status());
    assertEquals("{\"replayed\":13}", state.output());
  }

  @Test
  void failedCarriesWhatFailed() throws Exception {
    OrchestrationMetadata m = instance("r1", OrchestrationRuntimeStatus.FAILED);
    FailureDetails f = mock(FailureDetails.class);
    when(f.getErrorType()).thenReturn("java.io.IOException");
    when(f.getErrorMessage()).thenReturn("archive unreachable");
    when(m.getFailureDetails()).thenReturn(f);
    when(sdk.getInstanceMetadata("r1", true)).thenReturn(m);

    OrchestrationState state = client.get("r1").orElseThrow();

    assertEquals(OrchestrationState.Status.FAILED, state.status());
    assertEquals("java.io.IOException: archive unreachable", state.failure());
    assertNull(state.output());
  }

  @Test
  void terminatedAndCanceledAreCancelled() throws Exception {
    for (OrchestrationRuntimeStatus s : new OrchestrationRuntimeStatus[] {OrchestrationRuntimeStatus.TERMINATED,
        OrchestrationRuntimeStatus.CANCELED}) {
      OrchestrationMetadata m = instance("r1", s);
      when(sdk.getInstanceMetadata("r1", true)).thenReturn(m);

      assertEquals(OrchestrationState.Status.CANCELLED, client.get("r1").orElseThrow().status(), s.name());
    }
  }

  @Test
  void anInstanceTheHubDoesNotHaveIsEmpty() throws Exception {
    OrchestrationMetadata none = missing();
    when(sdk.getInstanceMetadata("nope", true)).thenReturn(none);

    assertEquals(Optional.empty(), client.get("nope"));
  }

  @Test
  void aMissingCustomStatusIsNull() throws Exception {
    OrchestrationMetadata m = instance("r1", OrchestrationRuntimeStatus.RUNNING);
    when(m.readCustomStatusAs(JsonNode.class)).thenReturn(null);
    when(sdk.getInstanceMetadata("r1", true)).thenReturn(m);

    assertNull(client.get("r1").orElseThrow().customStatus());
  }

  @Test
  void terminateStopsARunningInstanceOnly() throws Exception {
    OrchestrationMetadata running = instance("r1", OrchestrationRuntimeStatus.RUNNING);
    when(sdk.getInstanceMetadata("r1", false)).thenReturn(running);
    assertTrue(client.terminate("r1", "cancelled by the caller"));
    verify(sdk).terminate("r1", "cancelled by the caller");

    OrchestrationMetadata completed = instance("r2", OrchestrationRuntimeStatus.COMPLETED);
    when(sdk.getInstanceMetadata("r2", false)).thenReturn(completed);
    assertFalse(client.terminate("r2", "cancelled by the caller"), "an ended instance is not running");
    verify(sdk, never()).terminate(eq("r2"), any());

    OrchestrationMetadata none = missing();
    when(sdk.getInstanceMetadata("r3", false)).thenReturn(none);
    assertFalse(client.terminate("r3", "cancelled by the caller"));
    verify(sdk, never()).terminate(eq("r3"), any());
  }

  @Test
  void theHubsAnswersFeedTheJobDocumentsAsTheLocalEngineDoes() throws Exception {
    OrchestrationMetadata m = instance("r1", OrchestrationRuntimeStatus.RUNNING);
    when(sdk.getInstanceMetadata(anyString(), anyBoolean())).thenReturn(m);

    Optional<OrchestrationState> own = JobDocuments.own(client, ReplayOrchestrator.NAME,
        io.tributary.event.TenantId.of("acme"), "r1");
    assertTrue(own.isPresent(), "the replay of acme is acme's");
    assertTrue(JobDocuments.own(client, ReplayOrchestrator.NAME, io.tributary.event.TenantId.of("other"), "r1")
        .isEmpty(), "and no other tenant's");
    assertTrue(JobDocuments.own(client, ExportOrchestrator.NAME, io.tributary.event.TenantId.of("acme"), "r1")
        .isEmpty(), "nor an export job");
    assertEquals("{\"id\":\"r1\",\"state\":\"running\",\"progress\":{\"events\":10,\"bytes\":0,\"percent\":25},"
        + "\"result\":null}", JobDocuments.document("r1", own.get(), JobDocuments.Result.AS_IS).toString());
  }

  private static OrchestrationStatusQueryResult page(String token, String... ids) {
    List<OrchestrationMetadata> states = new ArrayList<>();
    for (String id : ids) {
      OrchestrationMetadata m = mock(OrchestrationMetadata.class);
      when(m.getInstanceId()).thenReturn(id);
      states.add(m);
    }
    OrchestrationStatusQueryResult r = mock(OrchestrationStatusQueryResult.class);
    when(r.getOrchestrationState()).thenReturn(states);
    when(r.getContinuationToken()).thenReturn(token);
    return r;
  }

  @Test
  void listingAsksTheHubByPrefixFollowsEveryContinuationAndAnswersTheGreatestFirst() throws Exception {
    List<OrchestrationStatusQuery> asked = new ArrayList<>();
    // The hub answers in id order, ascending, over three pages; the newest is on the last.
    List<OrchestrationStatusQueryResult> pages = List.of(
        page("t1", "acme-EX-01A", "acme-EX-01B", "acme-EX-01C"),
        page("t2", "acme-EX-01D", "acme-EX-01E", "acme-EX-01F"),
        page(null, "acme-EX-01G"));
    when(sdk.queryInstances(any(OrchestrationStatusQuery.class))).thenAnswer(inv -> {
      OrchestrationStatusQuery q = inv.getArgument(0);
      asked.add(q);
      return pages.get(asked.size() - 1);
    });

    assertEquals(Optional.of(List.of("acme-EX-01G", "acme-EX-01F", "acme-EX-01E")), client.instanceIds("acme-EX-", 3));

    assertEquals(3, asked.size(), "every page read");
    for (OrchestrationStatusQuery q : asked) {
      assertEquals("acme-EX-", q.getInstanceIdPrefix(), "only the tenant's instances are asked for");
      assertEquals(3, q.getMaxInstanceCount(), "pages of the route's page size");
      assertFalse(q.isFetchInputsAndOutputs(), "ids only");
    }
    assertNull(asked.get(0).getContinuationToken());
    assertEquals("t1", asked.get(1).getContinuationToken());
    assertEquals("t2", asked.get(2).getContinuationToken());
    assertEquals(Optional.empty(), client.instanceIds(), "the hub is never listed whole");
  }

  @Test
  void aListingTheHubFailsIsAnIoError() {
    when(sdk.queryInstances(any(OrchestrationStatusQuery.class))).thenThrow(new IllegalStateException("hub down"));
    assertThrows(IOException.class, () -> client.instanceIds("acme-EX-", 20));
  }

  @Test
  void exportJobsListTheirTenantsJobsFromTheHubNewestFirstWithTheirStatus() throws Exception {
    when(sdk.queryInstances(any(OrchestrationStatusQuery.class))).thenAnswer(inv -> {
      OrchestrationStatusQuery q = inv.getArgument(0);
      assertEquals(ExportJobs.idPrefix(io.tributary.event.TenantId.of("acme")), q.getInstanceIdPrefix());
      return page(null, "acme-EX-01KAAAAAAAAAAAAAAAAAAAAAAA", "acme-EX-01KBBBBBBBBBBBBBBBBBBBBBBB");
    });
    for (String id : List.of("acme-EX-01KAAAAAAAAAAAAAAAAAAAAAAA", "acme-EX-01KBBBBBBBBBBBBBBBBBBBBBBB")) {
      OrchestrationMetadata m = mock(OrchestrationMetadata.class);
      when(m.isInstanceFound()).thenReturn(true);
      when(m.getInstanceId()).thenReturn(id);
      when(m.getName()).thenReturn("ExportOrchestration");
      when(m.getRuntimeStatus()).thenReturn(OrchestrationRuntimeStatus.RUNNING);
      when(m.getSerializedInput()).thenReturn("{\"job\":\"" + id + "\",\"tenant\":\"acme\",\"params\":{}}");
      when(sdk.getInstanceMetadata(id, true)).thenReturn(m);
    }
    ExportJobs jobs = new ExportJobs(client, java.time.Clock.systemUTC());

    List<String> listed = jobs.list(io.tributary.event.TenantId.of("acme"), 20).orElseThrow().stream()
        .map(d -> d.path("id").asText() + " " + d.path("state").asText()).toList();

    assertEquals(List.of("acme-EX-01KBBBBBBBBBBBBBBBBBBBBBBB running", "acme-EX-01KAAAAAAAAAAAAAAAAAAAAAAA running"),
        listed);
    verify(sdk, never()).getInstanceMetadata(eq("bravo"), anyBoolean());
  }
}
