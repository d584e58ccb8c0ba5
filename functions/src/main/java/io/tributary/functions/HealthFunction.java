package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/health}, no token: readiness, and how far processing is behind the event log. */
public final class HealthFunction {

  private final FunctionApp app;

  public HealthFunction() {
    this(FunctionApp.shared());
  }

  public HealthFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Health")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "health",
          authLevel = AuthorizationLevel.ANONYMOUS)
      HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "ready");
      body.put("backend", app.settings().backend());
      body.put("partitions", app.eventLog().partitions());
      String group = app.settings().processGroup();
      Map<String, Object> lag = new LinkedHashMap<>();
      lag.put("group", group);
      lag.put("pending", app.eventLog().lag(group));
      body.put("processingLag", lag);
      Map<String, Object> counters = new LinkedHashMap<>();
      counters.put("acceptedEvents", app.ingest().acceptedEvents());
      counters.put("processedEvents", app.processor().processedEvents());
      body.put("since", counters);
      return HttpExchange.json(request, 200, body);
    });
  }
}
