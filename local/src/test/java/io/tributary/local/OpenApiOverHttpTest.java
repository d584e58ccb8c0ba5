package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.OpenApiFunction;
import io.tributary.functions.openapi.HttpRoute;
import io.tributary.json.Json;
import io.tributary.local.host.FunctionCatalog;
import io.tributary.local.host.FunctionDefinition;
import io.tributary.local.testing.RuntimeFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/openapi.json} on the local host: public, JSON, and holding every route and method
 * the host routes (the functions its catalog finds), and nothing else.
 */
class OpenApiOverHttpTest {

  @TempDir
  Path dir;

  @Test
  void theDocumentIsServedWithoutATokenAndHoldsEveryRouteTheHostServes() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(dir)) {
      HttpResponse<String> r = fx.send(HttpRequest.newBuilder(fx.uri("openapi.json")).GET());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      JsonNode doc = Json.mapper().readTree(r.body());
      assertEquals(OpenApiFunction.write(), doc, "the document of the functions' tables");

      List<Class<?>> classes = new ArrayList<>();
      for (FunctionDefinition f : FunctionCatalog.scan(FunctionApp.class)) {
        if (!classes.contains(f.type())) {
          classes.add(f.type());
        }
      }
      Set<String> routed = new TreeSet<>();
      for (HttpRoute route : HttpRoute.of(classes)) {
        for (HttpMethod m : route.methods()) {
          routed.add(m.name() + " " + route.openApiPath());
        }
      }
      Set<String> documented = new TreeSet<>();
      doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
      assertEquals(routed, documented);
      assertTrue(routed.size() >= 8, routed.toString());
    }
  }
}
