package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.alert.AlertRule;
import io.tributary.auth.Principal;
import io.tributary.configstore.Versioned;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/alerts/{id}} (role {@code logs.read}): one rule of the caller's tenant with its
 * {@code ETag}; 404 {@code alert_not_found} for an unknown id and for another tenant's.
 */
public final class AlertFunction {

  private final FunctionApp app;

  public AlertFunction() {
    this(FunctionApp.shared());
  }

  public AlertFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Alert")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "alerts/{id}",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Alert");
      Optional<Versioned<AlertRule>> r = app.alerts().get(caller.tenant(), id);
      if (r.isEmpty()) {
        throw io.tributary.alert.AlertException.notFound(id);
      }
      return HttpExchange.json(request, 200, AlertsFunction.document(r.get()),
          Map.of("ETag", HttpExchange.etag(r.get().version())));
    });
  }
}
