package io.tributary.functions;

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
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/exports}: starts an export job (docs/export.md, docs/orchestrations.md) with the
 * streaming export's filters and {@code format} as a JSON body; 202 with {@code Location:
 * /api/exports/{id}}. The job runs as a durable orchestration: it survives restarts and its file is
 * exact.
 */
public final class ExportJobsFunction {

  private final FunctionApp app;

  public ExportJobsFunction() {
    this(FunctionApp.shared());
  }

  public ExportJobsFunction(FunctionApp app) {
    this.app = app;
  }

  /**
   * The jobs of this app (on its engine, or on the Durable Functions client {@code durable} in
   * Azure), or a 503 where nothing runs them or there is nowhere to write their files.
   */
  static ExportJobs jobs(FunctionApp app, DurableClientContext durable) throws ProblemException {
    java.util.Optional<io.tributary.functions.durable.OrchestrationClient> client = DurableClients.of(app, durable);
    if (client.isEmpty() || !app.orchestrators().containsKey(io.tributary.functions.durable.ExportOrchestrator.NAME)) {
      throw new ProblemException(Problem.of(503, "export_jobs_unavailable", "this instance runs no export jobs; use"
          + " GET /api/logs/export"));
    }
    return new ExportJobs(client.get(), Clock.systemUTC(), app.exportFiles().orElse(null));
  }

  @FunctionName("ExportJobs")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "exports",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "ExportJobs");
      ExportJobs jobs = jobs(app, durableContext);
      // No body: every event, as NDJSON.
      com.fasterxml.jackson.databind.JsonNode body = HttpExchange.body(request).length == 0
          ? io.tributary.json.Json.mapper().createObjectNode() : HttpExchange.jsonObject(request);
      String id = jobs.start(caller.tenant(), body);
      return HttpExchange.json(request, 202, jobs.status(caller.tenant(), id).orElseThrow(),
          Map.of("Location", "/api/exports/" + id));
    });
  }
}
