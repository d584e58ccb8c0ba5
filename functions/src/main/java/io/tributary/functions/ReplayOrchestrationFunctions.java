package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import io.tributary.functions.durable.DurableFunctionBindings;
import io.tributary.functions.durable.DurableTaskOrchestrations;
import io.tributary.functions.durable.ReplayDayActivity;
import io.tributary.functions.durable.ReplayOrchestrator;
import io.tributary.functions.durable.ReplayPlanActivity;

/**
 * The durable functions, in Azure, of replays of the archive into the store (docs/retention.md): the orchestrator
 * {@link ReplayOrchestrator} as the function {@code ReplayOrchestration} (an {@code orchestrationTrigger}) and each
 * of its activities as a function of the activity's name (an {@code activityTrigger}). They bind only: the classes
 * are the ones the local engine runs ({@link DurableFunctionBindings}). Azure only: locally the embedded engine
 * runs them.
 */
public final class ReplayOrchestrationFunctions {

  /** The orchestrator's function; {@link DurableTaskOrchestrations} starts instances under it. */
  public static final String ORCHESTRATOR_FUNCTION = "Replay" + DurableTaskOrchestrations.FUNCTION_SUFFIX;

  private final java.util.function.Supplier<FunctionApp> app;

  public ReplayOrchestrationFunctions() {
    this(FunctionApp::shared);
  }

  public ReplayOrchestrationFunctions(FunctionApp app) {
    this(() -> app);
  }

  /** The app is built when an activity first runs: an orchestrator episode does no I/O and needs none. */
  private ReplayOrchestrationFunctions(java.util.function.Supplier<FunctionApp> app) {
    this.app = app;
  }

  /** One episode of an instance: the history replayed, the next tasks asked for. */
  @FunctionName(ORCHESTRATOR_FUNCTION)
  public Object orchestrator(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
    return DurableFunctionBindings.orchestrate(new ReplayOrchestrator(), ctx);
  }

  /** The activity {@link ReplayPlanActivity}. */
  @FunctionName(ReplayPlanActivity.NAME)
  public Object replayPlan(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ReplayPlanActivity.NAME, input);
  }

  /** The activity {@link ReplayDayActivity}. */
  @FunctionName(ReplayDayActivity.NAME)
  public Object replayDay(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ReplayDayActivity.NAME, input);
  }
}
