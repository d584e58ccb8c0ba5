package io.tributary.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.configstore.Versioned;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.tenancy.Tenant;
import io.tributary.tenancy.TenantDocument;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/tenants/{id}} (200 with {@code ETag: "<version>"}) and {@code PATCH
 * /api/tenants/{id}}: a JSON merge patch (RFC 7386) applied to the version {@code If-Match} names,
 * answered 200 with the new {@code ETag}; a stale {@code If-Match} is 412 {@code version_conflict},
 * a missing one 428 {@code if_match_required} (so that no change is made blind). Needs
 * {@code tenants.admin}. Suspending a tenant ({@code {"status":"suspended"}}) refuses its writes
 * and reads with 403 {@code tenant_suspended} from the next request on this instance, and within
 * {@code TRIBUTARY_TENANT_CACHE_SECONDS} on the others.
 */
public final class TenantFunction {

  private final FunctionApp app;

  public TenantFunction() {
    this(FunctionApp.shared());
  }

  public TenantFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Tenant")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET, HttpMethod.PATCH}, route = "tenants/{id}",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Tenant");
      if (id == null || !TenantId.isValid(id)) {
        return HttpExchange.problem(request, Problem.of(400, "invalid_tenant",
            "'" + id + "' is not a tenant id: 1-64 of a-z, 0-9, '-', '_'").with("field", "id"));
      }
      TenantId tenant = TenantId.of(id);
      Versioned<Tenant> t;
      if (request.getHttpMethod() == HttpMethod.PATCH) {
        long ifMatch = ifMatch(HttpExchange.header(request, "If-Match"), tenant);
        t = app.tenants().patch(tenant, HttpExchange.jsonObject(request), ifMatch, actor(caller));
      } else {
        Optional<Versioned<Tenant>> found = app.tenants().get(tenant);
        if (found.isEmpty()) {
          return HttpExchange.problem(request, Problem.of(404, "tenant_not_found", "there is no tenant '" + id
              + "'; create it with POST /api/tenants"));
        }
        t = found.get();
      }
      return HttpExchange.json(request, 200, document(t), Map.of("ETag", HttpExchange.etag(t.version())));
    });
  }

  private long ifMatch(String header, TenantId tenant) throws Exception {
    return HttpExchange.ifMatch(header, "/api/tenants/" + tenant,
        () -> app.tenants().get(tenant).map(Versioned::version).orElse(0L));
  }

  /** A tenant as answered: its document, what is in force, and its version. */
  static ObjectNode document(Versioned<Tenant> t) {
    ObjectNode o = TenantDocument.withEffective(t.state());
    o.put("version", t.version());
    return o;
  }

  /** Who a configuration event records as its author: the token's subject, else its tenant. */
  static String actor(Principal caller) {
    String sub = caller.subject();
    return sub != null && !sub.isBlank() ? sub : "tenant:" + caller.tenant().value();
  }
}
