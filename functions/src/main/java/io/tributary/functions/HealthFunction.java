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
import io.tributary.event.TenantId;
import io.tributary.limits.RateDecision;
import io.tributary.limits.TenantLimits;
import io.tributary.tenancy.TenantDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/health}. Without a token: liveness only, {@code {"status":"ready"}}, for load
 * balancers and probes. With a valid token (any role): also the caller's tenant — its standing
 * and plan, the limits in force and what is left of them, its partition's processing lag, and its
 * events accepted and processed by this instance since start — and nothing of any other tenant.
 * With a {@code tenants.admin} token: every tenant's, the whole processing lag and counters, and
 * the quarantine (frames held, and frames and events quarantined since start). An invalid token
 * is a 401, as on every route.
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
      boolean admin = caller.has(Role.TENANTS_ADMIN);
      body.put("backend", app.settings().backend());
      body.put("partitions", app.eventLog().partitions());
      body.put("tenant", caller.tenant().value());
      String group = app.settings().processGroup();
      // One reading of every partition's lag serves the whole answer (on Event Hubs each costs round trips).
      long[] lags = app.eventLog().lags(group);
      Set<TenantId> shown = new TreeSet<>(java.util.Comparator.comparing(TenantId::value));
      shown.add(caller.tenant());
      if (admin) {
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("group", group);
        lag.put("pending", java.util.Arrays.stream(lags).sum());
        body.put("processingLag", lag);
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("acceptedEvents", app.ingest().acceptedEvents());
        counters.put("processedEvents", app.processor().processedEvents());
        body.put("since", counters);
        List<QuarantineEntry> held = app.quarantine().list();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("frames", held.size());
        q.put("events", held.stream().mapToLong(e -> Math.max(0, e.events())).sum());
        q.put("framesSinceStart", app.processor().quarantinedFrames());
        q.put("eventsSinceStart", app.processor().quarantinedEvents());
        body.put("quarantine", q);
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("kind", app.settings().queryCache().kind());
        cache.put("hits", app.query().cacheStats().hits());
        cache.put("misses", app.query().cacheStats().misses());
        cache.put("failures", app.query().cacheStats().failures());
        body.put("queryCache", cache);
        app.tenants().list().forEach(t -> shown.add(t.state().id()));
        shown.addAll(app.ingest().tenantsSeen());
      }
      List<Map<String, Object>> tenants = new ArrayList<>();
      for (TenantId t : shown) {
        tenants.add(tenant(t, lags));
      }
      body.put("tenants", tenants);
      return HttpExchange.json(request, 200, body);
    });
  }

  /**
   * One tenant's figures: standing, limits in force and what is left of them, its partition's
   * processing lag, and its events accepted and processed by this instance since start.
   */
  private Map<String, Object> tenant(TenantId t, long[] lags) throws java.io.IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.value());
    TenantDirectory.Standing standing = app.directory().standing(t);
    m.put("registered", standing.record() != null);
    m.put("status", standing.record() != null ? standing.record().status().id()
        : standing.admitted() ? "active" : standing.refusal().code());
    if (standing.record() != null) {
      m.put("plan", standing.record().plan().id());
    }
    TenantLimits limits = standing.limits();
    if (limits != null) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("eventsPerSecond", limits.eventsPerSecond());
      l.put("bytesPerSecond", limits.bytesPerSecond());
      l.put("burstSeconds", limits.burstSeconds());
      RateDecision now = app.rateLimiter().peek(t, limits);
      l.put("remainingEvents", now.remaining());
      l.put("resetSeconds", now.resetSeconds());
      m.put("limits", l);
    }
    int p = app.eventLog().partitionFor(t);
    Map<String, Object> lag = new LinkedHashMap<>();
    lag.put("partition", p);
    lag.put("pending", lags[p]);
    m.put("processingLag", lag);
    Map<String, Object> since = new LinkedHashMap<>();
    since.put("acceptedEvents", app.ingest().acceptedEvents(t));
    since.put("processedEvents", app.processor().processedEvents(t));
    m.put("since", since);
    return m;
  }
}
