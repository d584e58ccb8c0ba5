package io.tributary.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.alert.AlertException;
import io.tributary.auth.Principal;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/alerts/{id}/events} (role {@code logs.read}): the rule's firings and resolutions,
 * newest first, each with its window, count, threshold, samples and a query that finds the
 * matches ({@code ?limit=}, 1-1000, 100 by default). 404 for an unknown rule or another tenant's.
 */
public final class AlertHistoryFunction {

  private final FunctionApp app;

  public AlertHistoryFunction() {
    this(FunctionApp.shared());
  }

  public AlertHistoryFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("AlertHistory")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "alerts/{id}/events",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      ExecutionContext context) {
    return records(app, request, context, "AlertHistory", id, "events", (tenant, limit) ->
        app.alerting() == null ? List.of() : app.alerting().history().of(tenant, id, limit));
  }

  /** Reads up to {@code limit} records of a rule of {@code tenant}, newest first. */
  @FunctionalInterface
  interface Records {
    List<? extends JsonNode> read(TenantId tenant, int limit) throws Exception;
  }

  /**
   * The answer of {@code GET /api/alerts/{id}/<member>}: {@code {"<member>": [...]}}, the rule's
   * records newest first ({@code ?limit=}); 404 for an unknown rule or another tenant's.
   */
  static HttpResponseMessage records(FunctionApp app, HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context, String function, String id, String member, Records records) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, function);
      if (app.alerts().get(caller.tenant(), id).isEmpty()) {
        throw AlertException.notFound(id);
      }
      ObjectNode body = Json.mapper().createObjectNode();
      body.putArray(member).addAll(records.read(caller.tenant(), limit(request)));
      return HttpExchange.json(request, 200, body);
    });
  }

  /** The {@code limit} query parameter: 1 to 1,000, 100 when absent; 400 {@code invalid_parameter} otherwise. */
  static int limit(HttpRequestMessage<?> request) throws ProblemException {
    String l = request.getQueryParameters().get("limit");
    if (l == null) {
      return 100;
    }
    int limit;
    try {
      limit = Integer.parseInt(l.trim());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      throw new ProblemException(Problem.of(400, "invalid_parameter", "limit='" + l
          + "' must be a whole number from 1 to 1000"));
    }
    return limit;
  }
}
