package io.tributary.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.alert.AlertRule;
import io.tributary.alert.AlertRuleDocument;
import io.tributary.auth.Principal;
import io.tributary.configstore.Versioned;
import io.tributary.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/alerts}: the caller's tenant's alert rules (role {@code logs.read}), secrets
 * shown as {@code ***}. Rules are created by {@link AlertCreateFunction}; see
 * {@link io.tributary.alert.AlertService}.
 */
public final class AlertsFunction {

  private final FunctionApp app;

  public AlertsFunction() {
    this(FunctionApp.shared());
  }

  public AlertsFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Alerts")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "alerts",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Alerts");
      List<Versioned<AlertRule>> all = app.alerts().list(caller.tenant());
      ObjectNode body = Json.mapper().createObjectNode();
      ArrayNode items = body.putArray("alerts");
      long sum = 0;
      for (Versioned<AlertRule> r : all) {
        items.add(document(r));
        sum += r.version();
      }
      return HttpExchange.json(request, 200, body, Map.of("ETag", "W/\"" + all.size() + "-" + sum + "\""));
    });
  }

  /** A rule as answered: its document without secrets, and its version. */
  static ObjectNode document(Versioned<AlertRule> r) {
    ObjectNode o = AlertRuleDocument.redacted(r.state());
    o.put("version", r.version());
    return o;
  }
}
