package io.tributary.local.console;

import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.event.TenantId;
import io.tributary.functions.console.ConsoleReasons;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.json.Json;
import io.tributary.local.host.HostResponse;
import io.tributary.local.host.HostRoutes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/local/session?tenant=T}: the console's "local session" button. It mints a
 * short-lived token for a tenant, as {@code ./tributary token} does, for a caller on this machine
 * only. A route of the local host, not a function: Azure has no such route.
 *
 * <p>Who may: a connection whose both ends are loopback addresses, whose {@code Host} names a
 * loopback address (so a page of another site reached through DNS rebinding is refused), and
 * which, when the browser says which page sent it ({@code Origin}), comes from a loopback origin.
 * A page of another site cannot read the answer either: it carries no CORS header.
 */
public final class LocalSessions {

  /** How long a local session's token lives at most. */
  public static final Duration TTL = Duration.ofHours(1);
  /** What a console session may do: read, manage alerts, export; not write events, not administer tenants. */
  public static final List<Role> ROLES = List.of(Role.LOGS_READ, Role.ALERTS_MANAGE, Role.LOGS_EXPORT);

  private final TokenIssuer issuer;
  private final Duration ttl;
  private final Clock clock;

  /** @param maxLifetime the longest a token may live here; the session's is the shorter of it and {@link #TTL} */
  public LocalSessions(TokenIssuer issuer, Duration maxLifetime, Clock clock) {
    this.issuer = issuer;
    this.ttl = maxLifetime.compareTo(TTL) < 0 ? maxLifetime : TTL;
    this.clock = clock;
  }

  /** The answer to a POST of the local-session route. */
  public HostResponse post(HostRoutes.Request r) {
    if (!loopback(r.remote()) || !loopback(r.local())) {
      return problem(Problem.of(403, ConsoleReasons.NOT_LOOPBACK, "local sessions are given to callers on this"
          + " machine only; elsewhere sign in with a token (./tributary token --tenant T on the server)"));
    }
    if (!loopbackAuthority(r.headers().get("host"), false)) {
      return problem(Problem.of(403, ConsoleReasons.CROSS_ORIGIN, "the Host header must name this machine"
          + " (127.0.0.1, localhost or [::1]); open the console at http://127.0.0.1:" + r.local().getPort() + "/"));
    }
    String origin = r.headers().get("origin");
    if (origin != null && !loopbackAuthority(origin, true)) {
      return problem(Problem.of(403, ConsoleReasons.CROSS_ORIGIN, "a page of " + origin + " may not start a local"
          + " session; open the console at http://127.0.0.1:" + r.local().getPort() + "/"));
    }
    String tenant = r.query().get("tenant");
    if (!TenantId.isValid(tenant)) {
      return problem(Problem.of(400, ConsoleReasons.INVALID_TENANT, "tenant must be 1-63 characters of a-z, 0-9,"
          + " '-' or '_', starting with a letter or digit; got " + (tenant == null ? "none" : "'" + tenant + "'"))
          .with("field", "tenant"));
    }
    Instant now = clock.instant();
    String token = issuer.issue(TenantId.of(tenant), ROLES, now, ttl);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("tenant", tenant);
    body.put("roles", ROLES.stream().map(Role::claim).toList());
    body.put("expiresAt", now.plus(ttl).toString());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Cache-Control", "no-store");
    return new HostResponse(200, h, Json.bytes(body));
  }

  static boolean loopback(InetSocketAddress a) {
    InetAddress address = a == null ? null : a.getAddress();
    return address != null && address.isLoopbackAddress();
  }

  /** Whether a Host header (or, with {@code origin}, an Origin) names a loopback address. */
  static boolean loopbackAuthority(String value, boolean origin) {
    if (value == null || value.isBlank()) {
      return false;
    }
    String host;
    try {
      URI u = URI.create(origin ? value.trim() : "http://" + value.trim());
      if (origin && !"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
        return false;
      }
      host = u.getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static HostResponse problem(Problem p) {
    return new HostResponse(p.status(), ProblemHeaders.of(p), Json.bytes(p.body()));
  }
}
