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
import io.tributary.functions.durable.ReplayJobs;
import io.tributary.functions.durable.ReplayOrchestrator;
import io.tributary.http.Problem;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/replays} {@code {"from", "to", "q"}} (role {@code logs.export}): re-drives the
 * caller's tenant's archived events that match into the hot store (docs/retention.md), idempotently;
 * 202 with {@code Location: /api/replays/{id}}. It runs as a durable orchestration.
 */
public final class ReplaysFunction {

  private final FunctionApp app;

  public ReplaysFunction() {
    this(FunctionApp.shared());
  }

  public ReplaysFunction(FunctionApp app) {
    this.app = app;
  }

  /** The replays of this app (on its engine, or on the Durable Functions client {@code durable}), or a 503 where none runs them. */
  static ReplayJobs jobs(FunctionApp app, DurableClientContext durable) throws ProblemException {
    java.util.Optional<io.tributary.functions.durable.OrchestrationClient> client = DurableClients.of(app, durable);
    if (client.isEmpty() || !app.orchestrators().containsKey(ReplayOrchestrator.NAME)) {
      throw new ProblemException(Problem.of(503, ReplayJobs.UNAVAILABLE, "this instance runs no replays (no"
          + " orchestration engine, or the Durable Functions extension is not running); retry later"));
    }
    return new ReplayJobs(client.get(), Clock.systemUTC());
  }

  @FunctionName("Replays")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "replays",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Replays");
      ReplayJobs jobs = jobs(app, durableContext);
      com.fasterxml.jackson.databind.JsonNode body = HttpExchange.body(request).length == 0
          ? io.tributary.json.Json.mapper().createObjectNode() : HttpExchange.jsonObject(request);
      String id = jobs.start(caller.tenant(), body);
      return HttpExchange.json(request, 202, jobs.status(caller.tenant(), id).orElseThrow(),
          Map.of("Location", "/api/replays/" + id));
    });
  }
}
