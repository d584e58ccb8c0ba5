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
import io.tributary.auth.Principal;
import io.tributary.configstore.Versioned;
import io.tributary.json.Json;
import io.tributary.tenancy.Tenant;
import io.tributary.tenancy.TenantDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/tenants} registers a tenant (201, {@code ETag}, {@code Location});
 * {@code GET /api/tenants} lists every tenant with its version. Both need {@code tenants.admin}:
 * the platform operator's role. The document: {@code {"id","name","plan","limits":{"eventsPerSecond",
 * "bytesPerSecond","burstSeconds"},"retention":{"hotDays","coldDays"},"status"}}; limits and
 * retention may be left out (or null) for the plan's. See {@link io.tributary.tenancy.TenantService}.
 */
public final class TenantsFunction {

  private final FunctionApp app;

  public TenantsFunction() {
    this(FunctionApp.shared());
  }

  public TenantsFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Tenants")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET, HttpMethod.POST}, route = "tenants",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Tenants");
      if (request.getHttpMethod() == HttpMethod.POST) {
        Versioned<Tenant> t = app.tenants().create(HttpExchange.jsonObject(request), TenantFunction.actor(caller));
        return HttpExchange.json(request, 201, TenantFunction.document(t), Map.of(
            "ETag", HttpExchange.etag(t.version()),
            "Location", "/api/tenants/" + t.state().id().value()));
      }
      List<Versioned<Tenant>> all = app.tenants().list();
      ObjectNode body = Json.mapper().createObjectNode();
      ArrayNode items = body.putArray("tenants");
      long sum = 0;
      for (Versioned<Tenant> t : all) {
        items.add(TenantFunction.document(t));
        sum += t.version();
      }
      // The list changes when a tenant is added or any changes: count and versions' sum tell.
      return HttpExchange.json(request, 200, body, Map.of("ETag", "W/\"" + all.size() + "-" + sum + "\""));
    });
  }
}
