package io.tributary.functions;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.functions.deploy.FunctionAppLayout;
import io.tributary.functions.openapi.HttpRoute;
import io.tributary.functions.openapi.OpenApiDocument;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 document of this app, public. Written once per
 * process from the functions' annotations, {@link RouteAccess} and {@link RouteDocs}
 * ({@link OpenApiDocument}), so it cannot drift from what the host routes.
 */
public final class OpenApiFunction {

  /** The Functions host's route prefix (host.json extensions.http.routePrefix). */
  public static final String ROUTE_PREFIX = "api";

  private static volatile byte[] document;

  public OpenApiFunction() {
  }

  /** As the local host builds every function; the document needs nothing of the app. */
  public OpenApiFunction(FunctionApp app) {
  }

  @FunctionName("OpenApi")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "openapi.json",
          authLevel = AuthorizationLevel.ANONYMOUS)
      HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> HttpExchange.bytes(request, 200, "application/json", bytes()));
  }

  /** The document of the functions this class was loaded with, as JSON bytes. */
  static byte[] bytes() throws IOException {
    byte[] d = document;
    if (d == null) {
      d = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(write());
      document = d;
    }
    return d;
  }

  /** The app's version as Maven recorded it in the jar; "dev" when run from a classes folder. */
  static String version() throws IOException {
    try (java.io.InputStream in = OpenApiFunction.class.getResourceAsStream(
        "/META-INF/maven/io.tributary/tributary-functions/pom.properties")) {
      if (in == null) {
        return "dev";
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    }
  }

  /** The document of the functions this class was loaded with. */
  public static com.fasterxml.jackson.databind.node.ObjectNode write() {
    try {
      return OpenApiDocument.write(ROUTE_PREFIX, version(),
          HttpRoute.of(FunctionAppLayout.functionClasses()), RouteAccess.all(), RouteDocs.all(), RouteDocs.schemas());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
