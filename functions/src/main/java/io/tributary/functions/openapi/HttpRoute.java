package io.tributary.functions.openapi;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One HTTP-triggered function as its {@code @HttpTrigger} declares it.
 *
 * @param route the route template after the host's prefix, e.g. {@code tenants/{id}}
 * @param methods the methods it answers (all of them when the trigger names none)
 */
public record HttpRoute(String function, String route, Set<HttpMethod> methods) {

  public HttpRoute {
    methods = Set.copyOf(methods);
  }

  /** The HTTP-triggered functions of {@code classes}, by function name. */
  public static List<HttpRoute> of(Iterable<Class<?>> classes) {
    List<HttpRoute> out = new ArrayList<>();
    for (Class<?> c : classes) {
      for (Method m : c.getMethods()) {
        FunctionName fn = m.getAnnotation(FunctionName.class);
        if (fn == null) {
          continue;
        }
        for (Parameter p : m.getParameters()) {
          HttpTrigger t = p.getAnnotation(HttpTrigger.class);
          if (t != null) {
            Set<HttpMethod> methods = t.methods().length == 0 ? EnumSet.allOf(HttpMethod.class)
                : EnumSet.copyOf(List.of(t.methods()));
            out.add(new HttpRoute(fn.value(), t.route().isEmpty() ? fn.value() : t.route(), methods));
          }
        }
      }
    }
    out.sort(Comparator.comparing(HttpRoute::function));
    return out;
  }

  /**
   * The route as an OpenAPI path under the host's prefix: {@code /tenants/{id}}; a constraint
   * ({@code {id:int}}) or optional mark ({@code {id?}}) is dropped, OpenAPI has neither.
   */
  public String openApiPath() {
    StringBuilder b = new StringBuilder();
    for (String segment : route.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      b.append('/');
      if (segment.startsWith("{") && segment.endsWith("}")) {
        b.append('{').append(pathParameter(segment)).append('}');
      } else {
        b.append(segment);
      }
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  /** The names of the path parameters of the route, in order. */
  public List<String> pathParameters() {
    List<String> out = new ArrayList<>();
    for (String segment : route.split("/")) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        out.add(pathParameter(segment));
      }
    }
    return out;
  }

  private static String pathParameter(String segment) {
    String name = segment.substring(1, segment.length() - 1).replace("?", "");
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
