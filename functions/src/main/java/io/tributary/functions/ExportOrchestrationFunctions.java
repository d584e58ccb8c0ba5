package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import io.tributary.functions.durable.DurableFunctionBindings;
import io.tributary.functions.durable.DurableTaskOrchestrations;
import io.tributary.functions.durable.ExportFinishActivity;
import io.tributary.functions.durable.ExportOrchestrator;
import io.tributary.functions.durable.ExportPartActivity;

/**
 * The durable functions, in Azure, of export jobs (docs/export.md): the parts one after the other, then the file
 * made of them: the orchestrator {@link ExportOrchestrator} as the function {@code ExportOrchestration} (an {@code
 * orchestrationTrigger}) and each of its activities as a function of the activity's name (an {@code
 * activityTrigger}). They bind only: the classes are the ones the local engine runs ({@link
 * DurableFunctionBindings}). Azure only: locally the embedded engine runs them.
 */
public final class ExportOrchestrationFunctions {

  /** The orchestrator's function; {@link DurableTaskOrchestrations} starts instances under it. */
  public static final String ORCHESTRATOR_FUNCTION = "Export" + DurableTaskOrchestrations.FUNCTION_SUFFIX;

  private final java.util.function.Supplier<FunctionApp> app;

  public ExportOrchestrationFunctions() {
    this(FunctionApp::shared);
  }

  public ExportOrchestrationFunctions(FunctionApp app) {
    this(() -> app);
  }

  /** The app is built when an activity first runs: an orchestrator episode does no I/O and needs none. */
  private ExportOrchestrationFunctions(java.util.function.Supplier<FunctionApp> app) {
    this.app = app;
  }

  /** One episode of an instance: the history replayed, the next tasks asked for. */
  @FunctionName(ORCHESTRATOR_FUNCTION)
  public Object orchestrator(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
    return DurableFunctionBindings.orchestrate(new ExportOrchestrator(), ctx);
  }

  /** The activity {@link ExportPartActivity}. */
  @FunctionName(ExportPartActivity.NAME)
  public Object exportPart(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ExportPartActivity.NAME, input);
  }

  /** The activity {@link ExportFinishActivity}. */
  @FunctionName(ExportFinishActivity.NAME)
  public Object exportFinish(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ExportFinishActivity.NAME, input);
  }
}
