package io.tributary.loadtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run hostile-http [--bodies 10] [--body-mib 15] [--hold-seconds 48] [--half-open 50]
 * [--watch-seconds 60]}: what unauthenticated bodies and half-sent heads make the server hold (see
 * {@link HostileHttp}); the anchor is the same server's memory before.
 */
final class HostileHttpScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    try (ServerProcess server = h.startServer("tributary-hostile")) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("serverHome", h.flags.getOrDefault("server-home", h.home.toString()));
      out.putAll(new HostileHttp(server.base.getPort(), server.pid()).run(h.intFlag("bodies", 10),
          h.intFlag("body-mib", 15), Duration.ofSeconds(h.intFlag("hold-seconds", 48)), h.intFlag("half-open", 50),
          Duration.ofSeconds(h.intFlag("watch-seconds", 60))));
      out.put("anchor", Harness.anchor("the same server's resident memory before the attack, same run",
          Map.of("rss_mib", out.getOrDefault("rssBeforeMiB", 0))));
      return out;
    }
  }
}
