package io.tributary.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import io.tributary.functions.durable.ActivityFunction;
import io.tributary.functions.durable.ArchivalRun;
import io.tributary.functions.durable.ArchivalSummary;
import io.tributary.functions.durable.ArchivalTenants;
import io.tributary.functions.durable.ArchivalTenantsActivity;
import io.tributary.functions.durable.DurableFunctionBindings;
import io.tributary.functions.durable.ExportPartResult;
import io.tributary.functions.durable.ReplayDayActivity;
import io.tributary.functions.durable.ReplayJob;
import io.tributary.functions.durable.ReplayPlan;
import io.tributary.functions.durable.ReplayPlanActivity;
import io.tributary.functions.durable.ReplayResult;
import io.tributary.functions.durable.ReplayStep;
import io.tributary.functions.durable.ReplayStepResult;
import io.tributary.json.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator and activity functions of the Azure app, as the Functions host calls them: an
 * orchestrator episode the way durabletask-azure-functions' worker middleware runs it
 * ({@code OrchestrationRunner.loadAndRun(request, ctx -> function(ctx))}, then completes with the
 * function's return value), and an activity's return value as the worker serializes it (Gson).
 */
class DurableFunctionsTest {

  private static final ReplayJob JOB = new ReplayJob("r1", "acme", Map.of("from", "2026-02-21T00:00:00Z"), 5_000L);

  private static HistoryEvent event(HistoryEvent.Builder b) {
    return b.setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_772_000_000L)).build();
  }

  /** One episode as OrchestrationMiddleware runs it: base64 protobuf in, base64 protobuf out. */
  private static OrchestratorResponse episode(List<HistoryEvent> past, List<HistoryEvent> fresh) throws Exception {
    ReplayOrchestrationFunctions functions = new ReplayOrchestrationFunctions((FunctionApp) null);
    String request = Base64.getEncoder().encodeToString(OrchestratorRequest.newBuilder().setInstanceId("r1")
        .addAllPastEvents(past).addAllNewEvents(fresh).build().toByteArray());
    String response = OrchestrationRunner.loadAndRun(request, functions::orchestrator);
    return OrchestratorResponse.parseFrom(Base64.getDecoder().decode(response));
  }

  @Test
  void anOrchestratorEpisodeAsTheWorkerMiddlewareRunsItAsksForTheActivitiesThenCompletesWithTheOutput()
      throws Exception {
    HistoryEvent begun = event(HistoryEvent.newBuilder().setEventId(-1)
        .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()));
    HistoryEvent started = event(HistoryEvent.newBuilder().setEventId(-1).setExecutionStarted(
        ExecutionStartedEvent.newBuilder().setName(ReplayOrchestrationFunctions.ORCHESTRATOR_FUNCTION)
            .setInput(StringValue.of(Json.mapper().writeValueAsString(JOB)))));

    OrchestratorResponse first = episode(List.of(), List.of(begun, started));
    assertEquals(1, first.getActionsCount(), first.toString());
    OrchestratorAction plan = first.getActions(0);
    assertEquals(ReplayPlanActivity.NAME, plan.getScheduleTask().getName());
    assertEquals(JOB, Json.mapper().readValue(plan.getScheduleTask().getInput().getValue(), ReplayJob.class));

    // The plan activity's answer as the worker would return it to the host: Gson of what the function returns.
    ActivityFunction planActivity = in -> Json.mapper().writeValueAsString(new ReplayPlan(List.of(20_500L)));
    String planned = new com.google.gson.Gson().toJson(DurableFunctionBindings.activity(
        Map.of(ReplayPlanActivity.NAME, planActivity), ReplayPlanActivity.NAME, plan.getScheduleTask().getInput()
            .getValue()));
    HistoryEvent scheduled = event(HistoryEvent.newBuilder().setEventId(plan.getId()).setTaskScheduled(
        TaskScheduledEvent.newBuilder().setName(ReplayPlanActivity.NAME)));
    HistoryEvent planDone = event(HistoryEvent.newBuilder().setEventId(-1).setTaskCompleted(
        TaskCompletedEvent.newBuilder().setTaskScheduledId(plan.getId()).setResult(StringValue.of(planned))));

    OrchestratorResponse second = episode(List.of(begun, started, scheduled), List.of(begun, planDone));
    OrchestratorAction day = second.getActions(0);
    assertEquals(ReplayDayActivity.NAME, day.getScheduleTask().getName());
    assertEquals(new ReplayStep(JOB, 20_500L), Json.mapper().readValue(day.getScheduleTask().getInput().getValue(),
        ReplayStep.class));
    assertEquals("{\"events\":0,\"bytes\":0,\"percent\":0}", second.getCustomStatus().getValue(),
        "the progress reaches the host as the custom status");

    HistoryEvent dayScheduled = event(HistoryEvent.newBuilder().setEventId(day.getId()).setTaskScheduled(
        TaskScheduledEvent.newBuilder().setName(ReplayDayActivity.NAME)));
    HistoryEvent dayDone = event(HistoryEvent.newBuilder().setEventId(-1).setTaskCompleted(
        TaskCompletedEvent.newBuilder().setTaskScheduledId(day.getId()).setResult(StringValue.of(
            new com.google.gson.Gson().toJson(DurableFunctionBindings.activity(Map.of(ReplayDayActivity.NAME,
                in -> Json.mapper().writeValueAsString(new ReplayStepResult(7, 3))), ReplayDayActivity.NAME, "{}")))))
    );

    OrchestratorResponse third = episode(List.of(begun, started, scheduled, begun, planDone, dayScheduled),
        List.of(begun, dayDone));
    OrchestratorAction done = third.getActions(third.getActionsCount() - 1);
    assertTrue(done.hasCompleteOrchestration(), third.toString());
    assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED, done.getCompleteOrchestration()
        .getOrchestrationStatus(), "completed once, by the middleware, with what the orchestrator completed with");
    assertEquals(new ReplayResult(3, 7, 1), Json.mapper().readValue(done.getCompleteOrchestration().getResult()
        .getValue(), ReplayResult.class));
  }

  @SuppressWarnings("unchecked")
  private static <V> Task<V> done(V value) {
    Task<V> t = mock(Task.class);
    when(t.await()).thenReturn(value);
    return t;
  }

  @Test
  void theOrchestratorFunctionHandsTheOrchestratorTheHostsContextAndAnswersWhatItCompletedWith() {
    TaskOrchestrationContext ctx = mock(TaskOrchestrationContext.class);
    ArchivalRun run = ArchivalRun.daily(java.time.LocalDate.of(2026, 3, 1));
    when(ctx.getInput(ArchivalRun.class)).thenReturn(run);
    Task<ArchivalTenants> none = done(new ArchivalTenants(List.of()));
    when(ctx.callActivity(eq(ArchivalTenantsActivity.NAME), any(), eq(ArchivalTenants.class))).thenReturn(none);

    Object output = new ArchivalOrchestrationFunctions((FunctionApp) null).orchestrator(ctx);

    verify(ctx).callActivity(ArchivalTenantsActivity.NAME, run, ArchivalTenants.class);
    assertEquals(new ArchivalSummary(run.run(), run.day(), List.of(), List.of()), output);
    verify(ctx, never()).complete(any());
  }

  @Test
  void anActivitysOutputSerializedAsTheWorkerDoesReadsBackAsTheActivityWroteIt() throws Exception {
    List<String> columns = List.of("time", "service", "message", "attributes.user \"id\"", "ü");
    ExportPartResult part = new ExportPartResult(3, 1_000_000, 9_007_199_254_740_993L, true, 1_772_000_000_123_456_789L,
        Long.MAX_VALUE, null, columns);
    Object returned = DurableFunctionBindings.activity(Map.of("ExportPart", in -> Json.mapper().writeValueAsString(part)),
        "ExportPart", "{}");

    String onTheWire = new com.google.gson.Gson().toJson(returned);

    assertEquals(part, Json.mapper().readValue(onTheWire, ExportPartResult.class),
        "every field, longs past 2^53 included, as the activity wrote it");
    assertEquals("\"plain\"", new com.google.gson.Gson().toJson(DurableFunctionBindings.activity(
        Map.of("S", in -> "\"plain\""), "S", "{}")), "a JSON string stays one string");
    assertNull(DurableFunctionBindings.activity(Map.of("N", in -> null), "N", "{}"));
  }

  @Test
  void anActivityThisAppDoesNotSetUpFailsNamingIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DurableFunctionBindings.activity(Map.of(), "ExportPart", "{}"));
    assertTrue(e.getMessage().contains("ExportPart"), e.getMessage());
  }
}
