package io.tributary.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.alert.AlertRule;
import io.tributary.auth.Principal;
import io.tributary.configstore.Versioned;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/alerts} (role {@code alerts.manage}): records a rule of the caller's tenant
 * and answers 201 {@code {"id": …}} and the whole rule, with {@code Location} and {@code ETag}.
 * 400 {@code invalid_alert} (or the query's own code) names the field to fix; 409
 * {@code alert_limit} past the plan's number of rules.
 */
public final class AlertCreateFunction {

  private final FunctionApp app;

  public AlertCreateFunction() {
    this(FunctionApp.shared());
  }

  public AlertCreateFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("AlertCreate")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "alerts",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "AlertCreate");
      Versioned<AlertRule> r = app.alerts().create(caller.tenant(), HttpExchange.jsonObject(request),
          TenantFunction.actor(caller));
      ObjectNode body = AlertsFunction.document(r);
      return HttpExchange.json(request, 201, body, Map.of(
          "ETag", HttpExchange.etag(r.version()),
          "Location", "/api/alerts/" + r.state().id()));
    });
  }
}
