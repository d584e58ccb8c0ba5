package io.tributary.local.console;

import io.tributary.functions.console.ConsoleReasons;
import io.tributary.functions.console.StaticAssets;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.json.Json;
import io.tributary.local.host.HostResponse;
import io.tributary.local.host.HostRoutes;

/**
 * The web console's routes on the local host: its files at {@code GET /} and {@code GET /assets/…}
 * ({@link StaticAssets}, the same the Console function serves at {@code /api/console/}), and
 * {@code POST /api/local/session} ({@link LocalSessions}). Every other request goes on to the
 * functions' routes.
 */
public final class ConsoleRoutes implements HostRoutes {

  /** The local-session route, under the host's route prefix. */
  public static final String SESSION_PATH = "/api/local/session";

  private final StaticAssets assets;
  private final LocalSessions sessions;

  public ConsoleRoutes(StaticAssets assets, LocalSessions sessions) {
    this.assets = assets;
    this.sessions = sessions;
  }

  @Override
  public HostResponse answer(Request r) {
    if (r.path().equals(SESSION_PATH)) {
      return r.method().equals("POST") ? sessions.post(r) : null;
    }
    if (!r.method().equals("GET")) {
      return null;
    }
    if (r.path().equals("/") || r.path().equals("/index.html")) {
      return assets.page().map(ConsoleRoutes::send).orElseGet(() -> {
        Problem p = Problem.of(404, ConsoleReasons.CONSOLE_NOT_BUILT, StaticAssets.notBuiltDetail());
        return new HostResponse(404, ProblemHeaders.of(p), Json.bytes(p.body()));
      });
    }
    if (r.path().startsWith("/assets/")) {
      return assets.asset(r.path().substring("/assets/".length())).map(ConsoleRoutes::send).orElse(null);
    }
    return null;
  }

  private static HostResponse send(StaticAssets.File f) {
    return new HostResponse(200, f.headers(), f.body());
  }
}
