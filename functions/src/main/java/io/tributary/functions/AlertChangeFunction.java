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
 * {@code PUT /api/alerts/{id}} replaces a rule of the caller's tenant with the document sent, if
 * it is at the version {@code If-Match} names (412 {@code version_conflict} when it moved on, 428
 * without If-Match), answering 200 with the new {@code ETag}; {@code DELETE /api/alerts/{id}}
 * answers 204. Both need {@code alerts.manage}; an unknown id, or another tenant's, is a 404.
 */
public final class AlertChangeFunction {

  private final FunctionApp app;

  public AlertChangeFunction() {
    this(FunctionApp.shared());
  }

  public AlertChangeFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("AlertChange")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.PUT, HttpMethod.DELETE}, route = "alerts/{id}",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "AlertChange");
      if (request.getHttpMethod() == HttpMethod.DELETE) {
        app.alerts().delete(caller.tenant(), id, TenantFunction.actor(caller));
        return request.createResponseBuilder(com.microsoft.azure.functions.HttpStatus.NO_CONTENT).build();
      }
      Optional<Versioned<AlertRule>> current = app.alerts().get(caller.tenant(), id);
      if (current.isEmpty()) {
        throw io.tributary.alert.AlertException.notFound(id);
      }
      long ifMatch = HttpExchange.ifMatch(HttpExchange.header(request, "If-Match"), "/api/alerts/" + id,
          () -> current.get().version());
      Versioned<AlertRule> r = app.alerts().replace(caller.tenant(), id, HttpExchange.jsonObject(request), ifMatch,
          TenantFunction.actor(caller));
      return HttpExchange.json(request, 200, AlertsFunction.document(r), Map.of("ETag", HttpExchange.etag(r.version())));
    });
  }
}
