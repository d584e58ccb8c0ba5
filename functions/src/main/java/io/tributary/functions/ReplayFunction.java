package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import io.tributary.auth.Principal;
import io.tributary.functions.durable.ReplayJobs;
import io.tributary.http.Problem;
import java.util.Optional;

/**
 * {@code GET /api/replays/{id}}: a replay's {@code {"id", "state", "progress": {"events", "bytes",
 * "percent"}, "result": {"events", "read", "days"}}}, the export jobs' shape. Another tenant's
 * replay is a 404 {@code replay_not_found}, as one that does not exist.
 */
public final class ReplayFunction {

  private final FunctionApp app;

  public ReplayFunction() {
    this(FunctionApp.shared());
  }

  public ReplayFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Replay")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "replays/{id}",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Replay");
      ReplayJobs jobs = ReplaysFunction.jobs(app, durableContext);
      return HttpExchange.json(request, 200, jobs.status(caller.tenant(), id).orElseThrow(() ->
          new ProblemException(Problem.of(404, ReplayJobs.NOT_FOUND, "no replay '" + id
              + "' of your tenant; start one with POST /api/replays"))));
    });
  }
}
