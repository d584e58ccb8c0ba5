package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.alert.delivery.DeliveryAttemptJson;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/alerts/{id}/deliveries} (role {@code logs.read}): the rule's delivery attempts,
 * newest first — target (without its query string), attempt number, outcome ({@code delivered},
 * {@code retrying}, {@code dead_letter}), status or failure, duration, next attempt
 * ({@code ?limit=}, 1-1000, 100 by default). 404 for an unknown rule or another tenant's.
 */
public final class AlertDeliveriesFunction {

  private final FunctionApp app;

  public AlertDeliveriesFunction() {
    this(FunctionApp.shared());
  }

  public AlertDeliveriesFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("AlertDeliveries")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "alerts/{id}/deliveries",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      ExecutionContext context) {
    return AlertHistoryFunction.records(app, request, context, "AlertDeliveries", id, "deliveries",
        (tenant, limit) -> app.alerting() == null || app.alerting().deliveries() == null ? List.of()
            : app.alerting().deliveries().attempts(tenant, id, limit).stream().map(DeliveryAttemptJson::write)
                .toList());
  }
}
