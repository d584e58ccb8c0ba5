package io.tributary.local.console;

import io.tributary.local.host.HostResponse;
import io.tributary.local.host.HostRoutes;

/**
 * The web console's routes on the local host: its files at {@code GET /} and {@code GET /assets/…}
 * ({@link StaticAssets}), and {@code POST /api/local/session} ({@link LocalSessions}). Every other
 * request goes on to the functions' routes.
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
    return r.method().equals("GET") ? assets.get(r.path()) : null;
  }
}
