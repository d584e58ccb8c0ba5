package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.quarantine.QuarantineEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/health}. Without a token: liveness only, {@code {"status":"ready"}}, for load
 * balancers and probes. With a valid token (any role): also how far processing is behind the event
 * log and the events accepted and processed since start. With a {@code tenants.admin} token: also
 * the quarantine (frames held, and frames and events quarantined since start). An invalid token is
 * a 401, as on every route.
 */
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
      String authorization = HttpExchange.header(request, "Authorization");
      if (authorization == null || authorization.isBlank()) {
        return HttpExchange.json(request, 200, body);
      }
      Principal caller = app.tokens().verify(authorization);
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
      if (caller.has(Role.TENANTS_ADMIN)) {
        List<QuarantineEntry> held = app.quarantine().list();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("frames", held.size());
        q.put("events", held.stream().mapToLong(e -> Math.max(0, e.events())).sum());
        q.put("framesSinceStart", app.processor().quarantinedFrames());
        q.put("eventsSinceStart", app.processor().quarantinedEvents());
        body.put("quarantine", q);
      }
      return HttpExchange.json(request, 200, body);
    });
  }
}
