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
import io.tributary.functions.durable.ErasureJobs;
import io.tributary.http.Problem;
import java.util.Optional;

/**
 * {@code GET /api/erasures/{id}}: an erasure's {@code {"id", "state", "progress": {"events",
 * "bytes", "percent"}, "result"}}, the export jobs' shape, its result the receipt once completed.
 * Another tenant's erasure is a 404 {@code erasure_not_found}, as one that does not exist.
 */
public final class ErasureFunction {

  private final FunctionApp app;

  public ErasureFunction() {
    this(FunctionApp.shared());
  }

  public ErasureFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Erasure")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "erasures/{id}",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Erasure");
      ErasureJobs jobs = ErasuresFunction.jobs(app, durableContext);
      return HttpExchange.json(request, 200, jobs.status(caller.tenant(), id).orElseThrow(() ->
          new ProblemException(Problem.of(404, ErasureJobs.NOT_FOUND, "no erasure '" + id
              + "' of your tenant; start one with POST /api/erasures"))));
    });
  }
}
