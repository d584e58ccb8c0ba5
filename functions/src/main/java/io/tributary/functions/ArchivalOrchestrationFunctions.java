package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import io.tributary.functions.durable.DurableFunctionBindings;
import io.tributary.functions.durable.DurableTaskOrchestrations;
import io.tributary.functions.durable.ApplyRetentionActivity;
import io.tributary.functions.durable.ArchivalOrchestrator;
import io.tributary.functions.durable.ArchivalTenantsActivity;

/**
 * The durable functions, in Azure, of the daily archival run (docs/retention.md), started by {@link
 * ArchivalTickFunction}: each tenant's retention applied: the orchestrator {@link ArchivalOrchestrator} as the
 * function {@code ArchivalOrchestration} (an {@code orchestrationTrigger}) and each of its activities as a function
 * of the activity's name (an {@code activityTrigger}). They bind only: the classes are the ones the local engine
 * runs ({@link DurableFunctionBindings}). Azure only: locally the embedded engine runs them.
 */
public final class ArchivalOrchestrationFunctions {

  /** The orchestrator's function; {@link DurableTaskOrchestrations} starts instances under it. */
  public static final String ORCHESTRATOR_FUNCTION = "Archival" + DurableTaskOrchestrations.FUNCTION_SUFFIX;

  private final java.util.function.Supplier<FunctionApp> app;

  public ArchivalOrchestrationFunctions() {
    this(FunctionApp::shared);
  }

  public ArchivalOrchestrationFunctions(FunctionApp app) {
    this(() -> app);
  }

  /** The app is built when an activity first runs: an orchestrator episode does no I/O and needs none. */
  private ArchivalOrchestrationFunctions(java.util.function.Supplier<FunctionApp> app) {
    this.app = app;
  }

  /** One episode of an instance: the history replayed, the next tasks asked for. */
  @FunctionName(ORCHESTRATOR_FUNCTION)
  public Object orchestrator(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
    return DurableFunctionBindings.orchestrate(new ArchivalOrchestrator(), ctx);
  }

  /** The activity {@link ArchivalTenantsActivity}. */
  @FunctionName(ArchivalTenantsActivity.NAME)
  public Object archivalTenants(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ArchivalTenantsActivity.NAME, input);
  }

  /** The activity {@link ApplyRetentionActivity}. */
  @FunctionName(ApplyRetentionActivity.NAME)
  public Object applyRetention(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ApplyRetentionActivity.NAME, input);
  }
}
