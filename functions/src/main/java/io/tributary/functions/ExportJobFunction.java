package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import io.tributary.auth.Principal;
import io.tributary.functions.durable.ExportJobs;
import io.tributary.http.Problem;
import java.util.Optional;

/**
 * {@code GET /api/exports/{id}}: an export job's {@code {"state", "progress": {"events", "bytes",
 * "percent"}, "result": {"url", "events", "bytes", "sha256"}}}; {@code DELETE} cancels a running
 * job (204; 409 {@code export_ended} once it has ended). Another tenant's job is a 404
 * {@code export_not_found}, as one that does not exist.
 */
public final class ExportJobFunction {

  private final FunctionApp app;

  public ExportJobFunction() {
    this(FunctionApp.shared());
  }

  public ExportJobFunction(FunctionApp app) {
    this.app = app;
  }

  /** 404 for a job id that is not one of the caller's tenant (or none at all): one answer for both. */
  static ProblemException notFound(String id) {
    return new ProblemException(Problem.of(404, ExportJobs.NOT_FOUND, "no export job '" + id
        + "' of your tenant; start one with POST /api/exports"));
  }

  @FunctionName("ExportJob")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET, HttpMethod.DELETE}, route = "exports/{id}",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "ExportJob");
      ExportJobs jobs = ExportJobsFunction.jobs(app, durableContext);
      if (request.getHttpMethod() == HttpMethod.DELETE) {
        boolean cancelled = jobs.cancel(caller.tenant(), id).orElseThrow(() -> notFound(id));
        if (!cancelled) {
          throw new ProblemException(Problem.of(409, ExportJobs.ENDED, "export job '" + id
              + "' has ended; there is nothing to cancel"));
        }
        return request.createResponseBuilder(HttpStatusType.custom(204)).build();
      }
      return HttpExchange.json(request, 200, jobs.status(caller.tenant(), id).orElseThrow(() -> notFound(id)));
    });
  }
}
