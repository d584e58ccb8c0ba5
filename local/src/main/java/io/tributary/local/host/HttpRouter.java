package io.tributary.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.functions.Access;
import io.tributary.functions.RouteAccess;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.json.Json;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Routes HTTP requests to the HTTP-triggered functions of a catalog, reading route, methods and
 * data type from each function's {@code @HttpTrigger} and who may call it from {@link RouteAccess},
 * and calls them the way the Functions host does. Routing looks at the method and path only.
 * Thread-safe.
 */
public final class HttpRouter {

  private static final Logger LOG = Logger.getLogger(HttpRouter.class.getName());

  private final String prefix;
  private final List<Route> routes = new ArrayList<>();
  private final HostRoutes own;
  private volatile RequestObserver observer = RequestObserver.NONE;
  /** The functions whose invocations in progress {@link #inFlight} counts. */
  private volatile Set<String> counted = Set.of();
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

  /** Told of every request a function answered: its name, the status, and the time it took. */
  @FunctionalInterface
  public interface RequestObserver {
    RequestObserver NONE = (function, status, nanos) -> { };

    /** Must return at once (metrics). */
    void answered(String function, int status, long nanos);
  }

  /** One HTTP-triggered function, as its annotations and its access entry declare it. */
  record Route(FunctionDefinition function, Object instance, Set<HttpMethod> methods, String[] segments,
      int triggerIndex, boolean binary, Access access) {
  }

  /** Where a request goes: the route, the method it came with, and the values its template bound. */
  record RouteMatch(Route route, HttpMethod method, Map<String, String> values) {
    String function() {
      return route.function().name();
    }

    Access access() {
      return route.access();
    }
  }

  /**
   * @param routePrefix the host's route prefix ({@code api})
   * @param instances gives the instance to call for a function class
   * @throws IllegalArgumentException when a function is not in {@link RouteAccess}, or an HTTP one is
   *     marked trigger-only there
   */
  public HttpRouter(String routePrefix, List<FunctionDefinition> functions, Function<Class<?>, Object> instances) {
    this(routePrefix, functions, instances, HostRoutes.NONE);
  }

  /**
   * As {@link #HttpRouter(String, List, Function)}, with routes the host answers itself before the
   * functions' ({@code hostRoutes}: the console).
   */
  public HttpRouter(String routePrefix, List<FunctionDefinition> functions, Function<Class<?>, Object> instances,
      HostRoutes hostRoutes) {
    this.prefix = routePrefix;
    this.own = hostRoutes;
    for (FunctionDefinition f : functions) {
      Parameter[] params = f.method().getParameters();
      for (int i = 0; i < params.length; i++) {
        HttpTrigger t = params[i].getAnnotation(HttpTrigger.class);
        if (t != null) {
          Set<HttpMethod> methods = t.methods().length == 0 ? EnumSet.allOf(HttpMethod.class)
              : EnumSet.copyOf(List.of(t.methods()));
          String route = t.route().isEmpty() ? f.name() : t.route();
          Access access = RouteAccess.of(f.name());
          if (access.kind() == Access.Kind.TRIGGER) {
            throw new IllegalArgumentException("function " + f.name() + " has an HTTP trigger but "
                + RouteAccess.class.getSimpleName() + " says it is reached by its trigger only");
          }
          routes.add(new Route(f, instances.apply(f.type()), methods, split(route), i,
              "binary".equalsIgnoreCase(t.dataType()), access));
        }
      }
    }
  }

  /** The routes as {@code METHOD /prefix/route -> Function} lines, for the start-up log. */
  public List<String> describe() {
    return routes.stream()
        .map(r -> r.methods().stream().map(Enum::name).sorted().collect(Collectors.joining(","))
            + " /" + prefix + "/" + String.join("/", r.segments()) + " -> " + r.function().name())
        .toList();
  }

  /** Tells {@code o} of every request a function answers from now on. */
  public void observe(RequestObserver o) {
    observer = o;
  }

  /**
   * Counts from now on the invocations of {@code functions} in progress (on a worker, not yet
   * answered) and returns that count: the local runtime's signal that ingest is saturated.
   */
  public java.util.function.IntSupplier countInFlight(Set<String> functions) {
    counted = Set.copyOf(functions);
    return inFlight::get;
  }

  /** A function answered a request in {@code nanos} (from its body in to its answer out). */
  void answered(String function, int status, long nanos) {
    observer.answered(function, status, nanos);
  }

  /** The host's own answer to {@code request}, or null when a function's route is to answer it. */
  HostResponse hostRoute(HostRoutes.Request request) {
    return own.answer(request);
  }

  /** The function {@code method} and {@code rawPath} (no query, no authority) go to, if any. */
  Optional<RouteMatch> resolve(String method, String rawPath) {
    String[] parts = split(rawPath);
    if (parts.length == 0 || !parts[0].equals(prefix)) {
      return Optional.empty();
    }
    String[] rest = java.util.Arrays.copyOfRange(parts, 1, parts.length);
    HttpMethod m;
    try {
      m = HttpMethod.value(method);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (Route r : routes) {
      Map<String, String> bound = match(r.segments(), rest);
      if (bound != null && r.methods().contains(m)) {
        return Optional.of(new RouteMatch(r, m, bound));
      }
    }
    return Optional.empty();
  }

  /** The answer to a request {@link #resolve} found no function for: 404, or 405 naming the methods. */
  HostResponse unrouted(String method, String rawPath) {
    String path = rawPath;
    String[] parts = split(path);
    if (parts.length == 0 || !parts[0].equals(prefix)) {
      return problem(Problem.of(404, "not_found", "no function at " + path + "; routes start with /" + prefix + "/"));
    }
    String[] rest = java.util.Arrays.copyOfRange(parts, 1, parts.length);
    Set<String> allowed = new java.util.TreeSet<>();
    for (Route r : routes) {
      if (match(r.segments(), rest) != null) {
        r.methods().forEach(x -> allowed.add(x.name()));
      }
    }
    if (!allowed.isEmpty()) {
      HostResponse p = problem(Problem.of(405, "method_not_allowed", method + " is not allowed on " + path
          + "; use " + String.join(", ", allowed)));
      Map<String, String> h = new LinkedHashMap<>(p.headers());
      h.put("Allow", String.join(", ", allowed));
      return new HostResponse(405, h, p.body());
    }
    return problem(Problem.of(404, "not_found", "no function at " + path));
  }

  /**
   * Calls the function of {@code match}.
   *
   * @param uri the request URI, of the host's own authority
   * @param caller who the host verified the request's token to be, or null when it did not
   */
  HostResponse invoke(RouteMatch match, URI uri, Map<String, String> headers, Map<String, String> query,
      byte[] body, Principal caller) {
    Route r = match.route();
    HttpMethod m = match.method();
    Map<String, String> routeValues = match.values();
    Method method = r.function().method();
    LocalExecutionContext ctx = new LocalExecutionContext(r.function().name());
    Object requestBody = r.binary() ? Optional.of(body)
        : Optional.ofNullable(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
    HttpRequestMessage<Object> request = new LocalHttpRequest<>(uri, m, headers, query, requestBody, caller);
    Parameter[] params = method.getParameters();
    Object[] args = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      if (i == r.triggerIndex()) {
        args[i] = request;
      } else if (ExecutionContext.class.isAssignableFrom(params[i].getType())) {
        args[i] = ctx;
      } else {
        BindingName bn = params[i].getAnnotation(BindingName.class);
        if (bn != null) {
          args[i] = routeValues.getOrDefault(bn.value(), query.get(bn.value()));
        }
      }
    }
    // A server span per request, child of the caller's traceparent (io.tributary.telemetry.Tracing):
    // ingest writes it into the frames it publishes, so processing links back to the request.
    io.opentelemetry.api.trace.Span span = io.tributary.telemetry.Tracing.serverSpan(r.function().name(),
        io.tributary.http.Headers.get(headers, "traceparent"));
    boolean count = counted.contains(r.function().name());
    if (count) {
      inFlight.incrementAndGet();
    }
    try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
      Object result = method.invoke(r.instance(), args);
      HostResponse response = toResponse(result);
      span.setAttribute("http.response.status_code", (long) response.status());
      return response;
    } catch (InvocationTargetException e) {
      LOG.log(Level.SEVERE, "function " + r.function().name() + " threw", e.getCause());
      span.recordException(e.getCause());
      span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
      return problem(Problem.of(500, "internal_error", "the function failed; see the server log for invocation "
          + ctx.getInvocationId()));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } finally {
      if (count) {
        inFlight.decrementAndGet();
      }
      span.end();
    }
  }


  private static HostResponse toResponse(Object result) {
    if (result == null) {
      return new HostResponse(204, Map.of(), new byte[0]);
    }
    HttpResponseMessage r = (HttpResponseMessage) result;
    Map<String, String> headers = r instanceof LocalHttpResponse l ? l.headers() : Map.of();
    Object b = r.getBody();
    byte[] bytes;
    if (b == null) {
      bytes = new byte[0];
    } else if (b instanceof byte[] raw) {
      bytes = raw;
    } else if (b instanceof io.tributary.http.EventStream stream) {
      return new HostResponse(r.getStatusCode(), headers, new byte[0], stream);
    } else if (b instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    } else {
      bytes = Json.bytes(b);
    }
    return new HostResponse(r.getStatusCode(), headers, bytes);
  }

  static HostResponse problem(Problem p) {
    return new HostResponse(p.status(), ProblemHeaders.of(p), Json.bytes(p.body()));
  }

  /** Route values when {@code path} fits {@code template}, else null. Supports {name}, {name?}, {name:constraint}. */
  private static Map<String, String> match(String[] template, String[] path) {
    Map<String, String> values = new LinkedHashMap<>();
    int i = 0;
    for (; i < template.length; i++) {
      String t = template[i];
      boolean param = t.startsWith("{") && t.endsWith("}");
      if (i >= path.length) {
        if (param && t.endsWith("?}")) {
          continue;
        }
        return null;
      }
      if (param) {
        String name = t.substring(1, t.length() - 1).replace("?", "");
        int colon = name.indexOf(':');
        values.put(colon < 0 ? name : name.substring(0, colon), decode(path[i]));
      } else if (!t.equalsIgnoreCase(path[i])) {
        return null;
      }
    }
    return path.length <= template.length ? values : null;
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String[] split(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }
}
