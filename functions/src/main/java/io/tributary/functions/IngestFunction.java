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
import io.tributary.event.Severity;
import io.tributary.http.Problem;
import io.tributary.limits.TenantLimits;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.Reasons;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/logs/ingest}: NDJSON, a JSON array, {@code {"events":[…]}} or text lines
 * (optionally gzip). Answers 202 once the accepted events are durable in the event log.
 * Query parameters {@code service}, {@code host} and {@code severity} give defaults.
 */
public final class IngestFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "Ingest";

  private final FunctionApp app;

  public IngestFunction() {
    this(FunctionApp.shared());
  }

  public IngestFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "logs/ingest",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, NAME);
      TenantLimits limits = app.directory().standing(caller.tenant()).limits();
      Problem empty = HttpExchange.emptyBucket(app, request, caller.tenant(), limits);
      if (empty != null) {
        return HttpExchange.problem(request, empty);
      }
      Map<String, String> params = request.getQueryParameters();
      String service = params.getOrDefault("service", EventDefaults.UNKNOWN);
      String host = params.getOrDefault("host", EventDefaults.UNKNOWN);
      int maxName = app.ingest().limits().maxNameLength();
      if (service.isBlank() || service.length() > maxName || host.isBlank() || host.length() > maxName) {
        return HttpExchange.problem(request, Problem.of(400, Reasons.INVALID_PARAMETER,
            "service and host must be 1-" + maxName + " characters"));
      }
      Severity severity = Severity.INFO;
      if (params.containsKey("severity")) {
        severity = Severity.parse(params.get("severity"));
        if (severity == null) {
          return HttpExchange.problem(request, Problem.of(400, Reasons.INVALID_PARAMETER,
              "severity '" + params.get("severity") + "' is not a level; use TRACE, DEBUG, INFO, WARN, ERROR or FATAL"));
        }
      }
      IngestResult result = app.ingest().ingest(new IngestRequest(caller.tenant(),
          HttpExchange.header(request, "Content-Type"), HttpExchange.header(request, "Content-Encoding"),
          HttpExchange.body(request), new EventDefaults(service, host, severity)), limits);
      return HttpExchange.ingested(request, result);
    });
  }
}
