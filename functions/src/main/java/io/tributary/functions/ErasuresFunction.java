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
import io.tributary.functions.durable.ErasureJobs;
import io.tributary.functions.durable.ErasureOrchestrator;
import io.tributary.http.Problem;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/erasures} {@code {"q", "from", "to"}} (role {@code tenants.admin}): starts the
 * erasure of the caller's tenant's matching events from the store and the archive
 * (docs/retention.md); 202 with {@code Location: /api/erasures/{id}}. It runs as a durable
 * orchestration and ends with a receipt in the audit history.
 */
public final class ErasuresFunction {

  private final FunctionApp app;

  public ErasuresFunction() {
    this(FunctionApp.shared());
  }

  public ErasuresFunction(FunctionApp app) {
    this.app = app;
  }

  /** The erasures of this app, or a 503 where no engine runs them or the store cannot remove events. */
  static ErasureJobs jobs(FunctionApp app, DurableClientContext durable) throws ProblemException {
    java.util.Optional<io.tributary.functions.durable.OrchestrationClient> client = DurableClients.of(app, durable);
    if (client.isEmpty() || !app.orchestrators().containsKey(ErasureOrchestrator.NAME)) {
      throw new ProblemException(Problem.of(503, ErasureJobs.UNAVAILABLE, "this instance cannot erase events (no"
          + " orchestration engine, or a store that cannot remove them: the Lucene store); run the erasure where the"
          + " store is Cosmos DB or the local block store"));
    }
    return new ErasureJobs(client.get(), Clock.systemUTC());
  }

  @FunctionName("Erasures")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "erasures",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Erasures");
      ErasureJobs jobs = jobs(app, durableContext);
      String id = jobs.start(caller.tenant(), caller.subject(), HttpExchange.jsonObject(request));
      return HttpExchange.json(request, 202, jobs.status(caller.tenant(), id).orElseThrow(),
          Map.of("Location", "/api/erasures/" + id));
    });
  }
}
