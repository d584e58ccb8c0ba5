package io.tributary.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import io.tributary.auth.Principal;
import io.tributary.functions.durable.ExportJobs;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/exports[?limit=]}: the caller's tenant's export jobs, newest first, each as
 * {@code GET /api/exports/{id}} answers it, at most {@code limit} (default 20, at most 100):
 * {@code {"jobs": [...]}}. Another tenant's jobs are never listed.
 */
public final class ExportJobListFunction {

  /** Jobs answered when {@code limit} is absent. */
  static final int DEFAULT_LIMIT = 20;

  private final FunctionApp app;

  public ExportJobListFunction() {
    this(FunctionApp.shared());
  }

  public ExportJobListFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("ExportJobList")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "exports",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "ExportJobList");
      int limit = limit(request.getQueryParameters().get("limit"));
      ExportJobs jobs = ExportJobsFunction.jobs(app, durableContext);
      List<ObjectNode> listed = jobs.list(caller.tenant(), limit).orElseThrow(() -> new ProblemException(
          Problem.of(503, ExportJobs.LIST_UNAVAILABLE, "this instance cannot list its export jobs; ask for one with"
              + " GET /api/exports/{id}")));
      ObjectNode body = Json.mapper().createObjectNode();
      body.putArray("jobs").addAll(listed);
      return HttpExchange.json(request, 200, body);
    });
  }

  private static int limit(String text) throws ProblemException {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= ExportJobs.LIST_MAX) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(Problem.of(400, "invalid_parameter", "limit='" + text
        + "' must be a whole number from 1 to " + ExportJobs.LIST_MAX).with("field", "limit"));
  }
}
