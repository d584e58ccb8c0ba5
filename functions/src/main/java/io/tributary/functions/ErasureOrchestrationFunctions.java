package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import io.tributary.functions.durable.DurableFunctionBindings;
import io.tributary.functions.durable.DurableTaskOrchestrations;
import io.tributary.functions.durable.EraseArchiveDayActivity;
import io.tributary.functions.durable.EraseStoreDayActivity;
import io.tributary.functions.durable.ErasureOrchestrator;
import io.tributary.functions.durable.ErasurePlanActivity;
import io.tributary.functions.durable.RecordErasureActivity;

/**
 * The durable functions, in Azure, of erasures (docs/retention.md): the matching events removed from the store and
 * the archive, with a receipt: the orchestrator {@link ErasureOrchestrator} as the function {@code
 * ErasureOrchestration} (an {@code orchestrationTrigger}) and each of its activities as a function of the
 * activity's name (an {@code activityTrigger}). They bind only: the classes are the ones the local engine runs
 * ({@link DurableFunctionBindings}). Azure only: locally the embedded engine runs them.
 */
public final class ErasureOrchestrationFunctions {

  /** The orchestrator's function; {@link DurableTaskOrchestrations} starts instances under it. */
  public static final String ORCHESTRATOR_FUNCTION = "Erasure" + DurableTaskOrchestrations.FUNCTION_SUFFIX;

  private final java.util.function.Supplier<FunctionApp> app;

  public ErasureOrchestrationFunctions() {
    this(FunctionApp::shared);
  }

  public ErasureOrchestrationFunctions(FunctionApp app) {
    this(() -> app);
  }

  /** The app is built when an activity first runs: an orchestrator episode does no I/O and needs none. */
  private ErasureOrchestrationFunctions(java.util.function.Supplier<FunctionApp> app) {
    this.app = app;
  }

  /** One episode of an instance: the history replayed, the next tasks asked for. */
  @FunctionName(ORCHESTRATOR_FUNCTION)
  public Object orchestrator(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
    return DurableFunctionBindings.orchestrate(new ErasureOrchestrator(), ctx);
  }

  /** The activity {@link ErasurePlanActivity}. */
  @FunctionName(ErasurePlanActivity.NAME)
  public Object erasurePlan(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), ErasurePlanActivity.NAME, input);
  }

  /** The activity {@link EraseStoreDayActivity}. */
  @FunctionName(EraseStoreDayActivity.NAME)
  public Object eraseStoreDay(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), EraseStoreDayActivity.NAME, input);
  }

  /** The activity {@link EraseArchiveDayActivity}. */
  @FunctionName(EraseArchiveDayActivity.NAME)
  public Object eraseArchiveDay(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), EraseArchiveDayActivity.NAME, input);
  }

  /** The activity {@link RecordErasureActivity}. */
  @FunctionName(RecordErasureActivity.NAME)
  public Object recordErasure(@DurableActivityTrigger(name = "input") String input, ExecutionContext context)
      throws Exception {
    return DurableFunctionBindings.activity(app.get().activities(), RecordErasureActivity.NAME, input);
  }
}
