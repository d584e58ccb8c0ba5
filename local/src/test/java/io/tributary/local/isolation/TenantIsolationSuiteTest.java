package io.tributary.local.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.azure.functions.HttpMethod;
import io.tributary.auth.Role;
import io.tributary.functions.Access;
import io.tributary.functions.RouteAccess;
import io.tributary.functions.deploy.FunctionAppLayout;
import io.tributary.functions.openapi.HttpRoute;
import io.tributary.local.testing.RuntimeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation, table-driven over every function of the app: for each function in
 * {@link RouteAccess} it runs the probes {@link IsolationProbes} lists for it, as tenant B against
 * tenant A's data, ids, cursors and records (and, where an operator legitimately sees every
 * tenant, as an operator), plus the token checks every route gets from its access entry: no token
 * is a 401, a token with every role but the route's a 403. A function, or a method of one, with no
 * probes fails the suite naming it, so a route added later is not done until it is probed.
 *
 * <p>What every probe tried and saw is the table of {@code docs/isolation.md}; the suite fails when
 * the file is not what this run saw, and writes it with {@code -Dgolden.write=true}:
 * {@code mvn -o -pl local test -Dtest=TenantIsolationSuiteTest -Dgolden.write=true}.
 */
class TenantIsolationSuiteTest {

  private static final String HEADER = """
      # Tenant isolation: every endpoint, as tenant B against tenant A

      Written by `TenantIsolationSuiteTest` (`local/src/test/java/io/tributary/local/isolation/`), which fails when
      this file is not what it saw; regenerate with
      `mvn -o -pl local test -Dtest=TenantIsolationSuiteTest -Dgolden.write=true`.

      Tenant A (`alpha`) holds the 2,000 OpenSSH lines of the Loghub sample and five events with ids of its own
      choosing (`c-1`…`c-5`); tenant B (`bravo`) a few events of its own; both are registered. "bravo, user roles" is a token of B with every role a tenant's user can hold
      (`logs.write`, `logs.read`, `logs.export`, `alerts.manage`); "bravo, tenants.admin" adds the operator's role,
      whose holder legitimately sees every tenant on the routes that say so. Every function of `RouteAccess` is
      here: the suite fails for one without probes in `IsolationProbes`. The token rows come from each route's
      access entry; the others are the function's own probes, run in this order. There are no export or alert
      routes yet: when they land, this suite fails until `IsolationProbes` tries them as B against A's export jobs
      and alert rules by id.

      | function | access | call | as | tries | answer | checked |
      |---|---|---|---|---|---|---|
      """;

  @TempDir
  Path dir;

  @Test
  void noEndpointShowsTenantBAnythingOfTenantA() throws Exception {
    Map<String, Access> functions = RouteAccess.all();
    Map<String, HttpRoute> routes = new TreeMap<>();
    HttpRoute.of(FunctionAppLayout.functionClasses()).forEach(r -> routes.put(r.function(), r));
    Map<String, List<Probe>> probes = IsolationProbes.all();
    List<String> missing = unprobed(functions, routes, probes);
    if (!missing.isEmpty()) {
      fail(missingMessage(missing));
    }
    Set<String> stale = new TreeSet<>(probes.keySet());
    stale.removeAll(functions.keySet());
    assertTrue(stale.isEmpty(), "probes for functions the app does not have: " + stale);

    StringBuilder table = new StringBuilder(HEADER);
    List<String> failures = new ArrayList<>();
    // The query cache is off here: a probe's count must be what the store holds when it asks, not an
    // answer an earlier probe's identical question left for a second. That the cache keeps tenants
    // apart is QueryCacheContract's and QueryServiceCacheTest's to prove.
    Map<String, String> settings = RuntimeFixture.settings(dir);
    settings.put(io.tributary.config.Settings.QUERY_CACHE.name(), "none");
    try (RuntimeFixture fx = RuntimeFixture.start(settings)) {
      IsolationWorld w = IsolationWorld.make(fx);
      for (Map.Entry<String, Access> f : functions.entrySet()) {
        List<Probe> all = new ArrayList<>(tokenProbes(routes.get(f.getKey()), f.getValue()));
        all.addAll(probes.get(f.getKey()));
        for (Probe p : all) {
          String call = call(routes.get(f.getKey()), p);
          Seen seen;
          try {
            seen = p.check().run(w);
          } catch (AssertionError | Exception e) {
            failures.add(f.getKey() + " / " + p.who() + " / " + p.tries() + ": " + e);
            seen = new Seen(0, "", "FAILED: " + e.getMessage());
          }
          table.append("| `").append(f.getKey()).append("` | ").append(access(f.getValue())).append(" | ")
              .append(call).append(" | ").append(p.who()).append(" | ").append(p.tries()).append(" | ")
              .append(seen.answer()).append(" | ").append(seen.checked().replace("|", "\\|")).append(" |\n");
        }
      }
    }
    assertTrue(failures.isEmpty(), "isolation probes failed:\n" + String.join("\n", failures) + "\n\n" + table);
    Path file = repositoryRoot().resolve("docs").resolve("isolation.md");
    if (Boolean.getBoolean("golden.write")) {
      Files.writeString(file, table.toString(), StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(file), "no " + file + "; write it with -Dgolden.write=true");
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), table.toString(),
        "docs/isolation.md is not what the suite saw; rewrite it with -Dgolden.write=true and review the change");
  }

  @Test
  void aRouteAddedWithoutProbesFailsTheSuiteNamingIt() throws Exception {
    Map<String, Access> functions = new TreeMap<>(RouteAccess.all());
    functions.put("Rewind", Access.tokenWith(Role.LOGS_EXPORT));
    Map<String, HttpRoute> routes = new TreeMap<>();
    HttpRoute.of(FunctionAppLayout.functionClasses()).forEach(r -> routes.put(r.function(), r));
    routes.put("Rewind", new HttpRoute("Rewind", "rewinds", Set.of(HttpMethod.POST, HttpMethod.GET)));
    List<String> missing = unprobed(functions, routes, IsolationProbes.all());
    assertEquals(List.of("Rewind GET", "Rewind POST"), missing);
    assertTrue(missingMessage(missing).startsWith("add probes for Rewind GET, Rewind POST to IsolationProbes"),
        missingMessage(missing));
    Map<String, List<Probe>> probes = new TreeMap<>(IsolationProbes.all());
    probes.put("Rewind", List.of(new Probe("POST", "bravo, user roles", "A's rewind", w -> null)));
    assertEquals(List.of("Rewind GET"), unprobed(functions, routes, probes), "each method needs its probes");
  }

  /** The functions (with the method) of the app that {@code probes} does not probe. */
  static List<String> unprobed(Map<String, Access> functions, Map<String, HttpRoute> routes,
      Map<String, List<Probe>> probes) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Access> f : functions.entrySet()) {
      List<Probe> own = probes.get(f.getKey());
      Set<String> methods = new TreeSet<>();
      if (f.getValue().kind() == Access.Kind.TRIGGER) {
        methods.add("-");
      } else {
        routes.get(f.getKey()).methods().forEach(m -> methods.add(m.name()));
      }
      for (String m : methods) {
        if (own == null || own.stream().noneMatch(p -> p.method().equals(m))) {
          missing.add(f.getKey() + (m.equals("-") ? "" : " " + m));
        }
      }
    }
    return missing;
  }

  private static String missingMessage(List<String> missing) {
    return "add probes for " + String.join(", ", missing) + " to " + IsolationProbes.class.getSimpleName()
        + ": every route is tried as tenant B against tenant A's data before it is done";
  }

  /** The token checks of a route, from its access entry: no token, and every role but the route's. */
  private static List<Probe> tokenProbes(HttpRoute route, Access access) {
    List<Probe> out = new ArrayList<>();
    if (!access.needsToken()) {
      return out;
    }
    String path = route.route().replaceAll("\\{[^}]*}", IsolationWorld.A);
    for (HttpMethod m : new TreeSet<>(route.methods())) {
      String body = m == HttpMethod.GET ? null : "{}";
      out.add(new Probe(m.name(), "no token", "the route at all", w -> {
        Answer r = w.call(m.name(), path, null, body, Map.of());
        assertEquals(401, r.status(), r.raw());
        assertEquals("missing_token", r.code());
        return r.seen("refused before the function runs");
      }));
      if (access.role() != null) {
        List<Role> others = Arrays.stream(Role.values()).filter(x -> x != access.role()).toList();
        out.add(new Probe(m.name(), "bravo, every role but " + access.role().claim(), "the route at all", w -> {
          String token = w.fx.token(IsolationWorld.B, others.toArray(Role[]::new));
          Answer r = w.call(m.name(), path, token, body, Map.of());
          assertEquals(403, r.status(), r.raw());
          assertEquals("missing_role", r.code());
          return r.seen("refused before the function runs");
        }));
      }
    }
    return out;
  }

  private static String call(HttpRoute route, Probe p) {
    if (route == null) {
      return "(trigger)";
    }
    return p.method() + " /api/" + route.route();
  }

  private static String access(Access a) {
    return switch (a.kind()) {
      case PUBLIC -> "public";
      case TOKEN -> "`" + a.role().claim() + "`";
      case SIGNED_IN -> "signed in";
      case TRIGGER -> "trigger only";
    };
  }

  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("local").resolve("pom.xml")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("the repository root (with local/pom.xml and docs/) is not above "
        + Path.of("").toAbsolutePath());
  }
}
