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
import io.tributary.auth.AuthReasons;
import io.tributary.auth.Principal;
import io.tributary.auth.Role;
import io.tributary.configstore.ConfigEvent;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/audit?from=&to=[&tenant=][&limit=]}: the configuration events recorded in
 * {@code [from, to)} — who (the token's subject), what (the event type and the document before
 * and after, with the patch for changes), when — oldest first. A caller sees its own tenant's;
 * a {@code tenants.admin} caller every tenant's, or one tenant's with {@code tenant=}. {@code from}
 * and {@code to} are ISO-8601 instants ({@code 2026-11-29T10:00:00Z}) or dates (a date's start,
 * UTC); {@code from} defaults to 30 days before {@code to}, {@code to} to now. At most
 * {@code limit} entries (default 1,000, at most 10,000) are answered; {@code "more": true} then
 * says to ask again from the last entry's time. The trail is append-only: the route takes GET
 * only, and nothing in the API rewrites or deletes a configuration event.
 */
public final class AuditFunction {

  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 10_000;
  static final Duration DEFAULT_SPAN = Duration.ofDays(30);

  private final FunctionApp app;

  public AuditFunction() {
    this(FunctionApp.shared());
  }

  public AuditFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Audit")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "audit",
          authLevel = AuthorizationLevel.ANONYMOUS)
      HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Audit");
      Map<String, String> q = request.getQueryParameters();
      Instant to = q.containsKey("to") ? instant("to", q.get("to")) : Instant.now();
      Instant from = q.containsKey("from") ? instant("from", q.get("from")) : to.minus(DEFAULT_SPAN);
      if (!from.isBefore(to)) {
        throw new ProblemException(Problem.of(400, "invalid_parameter", "from (" + from + ") must be before to ("
            + to + ")"));
      }
      int limit = limit(q.get("limit"));
      TenantId tenant = scope(caller, q.get("tenant"));
      // Alert transitions share the store but are runtime state, not configuration: left out.
      List<ConfigEvent> events = app.config().history(tenant, from, to).stream()
          .filter(e -> !e.stream().startsWith(io.tributary.alert.AlertHistory.STREAM_PREFIX)).toList();
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("from", from.toString());
      body.put("to", to.toString());
      body.put("tenant", tenant == null ? null : tenant.value());
      ArrayNode entries = body.putArray("entries");
      for (int i = 0; i < events.size() && i < limit; i++) {
        entries.add(entry(events.get(i)));
      }
      body.put("more", events.size() > limit);
      return HttpExchange.json(request, 200, body);
    });
  }

  /** The tenant whose trail the caller may read: its own, or (operators) the one asked for, or all (null). */
  private static TenantId scope(Principal caller, String asked) throws ProblemException {
    boolean admin = caller.has(Role.TENANTS_ADMIN);
    if (asked == null || asked.isBlank()) {
      return admin ? null : caller.tenant();
    }
    if (!TenantId.isValid(asked)) {
      throw new ProblemException(Problem.of(400, "invalid_parameter", "tenant '" + asked + "' is not a tenant id"));
    }
    TenantId t = TenantId.of(asked);
    if (!admin && !t.equals(caller.tenant())) {
      throw new ProblemException(Problem.of(403, AuthReasons.MISSING_ROLE, "reading another tenant's audit trail"
          + " needs the role 'tenants.admin'; leave out tenant= to read your own"));
    }
    return t;
  }

  static ObjectNode entry(ConfigEvent e) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("at", e.at().toString());
    o.put("tenant", e.tenant().value());
    o.put("actor", e.actor());
    o.put("type", e.type());
    o.put("stream", e.stream());
    o.put("version", e.version());
    e.data().fields().forEachRemaining(f -> o.set(f.getKey(), redacted(f.getValue())));
    return o;
  }

  /**
   * {@code data} with the value of every {@code secret} member replaced by {@code ***}: an alert
   * rule's webhook secret is kept in its events (to sign with) but never shown.
   */
  static com.fasterxml.jackson.databind.JsonNode redacted(com.fasterxml.jackson.databind.JsonNode data) {
    if (data.isObject()) {
      ObjectNode copy = Json.mapper().createObjectNode();
      data.fields().forEachRemaining(f -> copy.set(f.getKey(), f.getKey().equals("secret") && f.getValue().isTextual()
          ? copy.textNode("***") : redacted(f.getValue())));
      return copy;
    }
    if (data.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode copy = Json.mapper().createArrayNode();
      data.forEach(x -> copy.add(redacted(x)));
      return copy;
    }
    return data;
  }

  private static Instant instant(String name, String text) throws ProblemException {
    String t = text.trim();
    try {
      return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new ProblemException(Problem.of(400, "invalid_parameter", name + "='" + text
          + "' is not a time: use an ISO-8601 instant such as 2026-11-29T10:00:00Z, or a date such as 2026-11-29"));
    }
  }

  private static int limit(String text) throws ProblemException {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(Problem.of(400, "invalid_parameter", "limit='" + text + "' must be a whole number from 1 to "
        + MAX_LIMIT));
  }
}
