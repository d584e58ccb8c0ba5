package io.tributary.local.host;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Routes the local host answers itself, before the functions' routes and with no function behind
 * them: the console's static files, the local-session route and {@code GET /metrics}. They exist on the local runtime
 * only (Azure has none of them). An answer is made on the event loop, so it must be quick and never
 * block; such a route reads no body.
 */
@FunctionalInterface
public interface HostRoutes {

  /** No routes of the host's own. */
  HostRoutes NONE = r -> null;

  /** One request as the host's own routes see it: no body. Header names are lower case. */
  record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
      InetSocketAddress local, InetSocketAddress remote) {
  }

  /** The answer to {@code request}, or null when it is none of these routes' (the functions' routes then). */
  HostResponse answer(Request request);

  /** The first answer of {@code routes}, asked in order. */
  static HostRoutes inOrder(HostRoutes... routes) {
    return r -> {
      for (HostRoutes h : routes) {
        HostResponse a = h.answer(r);
        if (a != null) {
          return a;
        }
      }
      return null;
    };
  }
}
