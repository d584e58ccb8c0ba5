package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.functions.console.ConsoleReasons;
import io.tributary.functions.console.StaticAssets;
import io.tributary.http.Problem;
import java.util.Optional;

/**
 * {@code GET /api/console/}: the web console in Azure, served from the function app itself so the
 * page calls the API on its own origin (the bearer token passes untouched, no CORS): the page at
 * {@code console/}, its bundle at {@code console/assets/NAME}. Public: the files hold no data.
 * Locally the host serves the same files at {@code /} as well (docs/console.md).
 */
public final class ConsoleFunction {

  private static final StaticAssets ASSETS = new StaticAssets(ConsoleFunction.class.getClassLoader());

  public ConsoleFunction() {
  }

  /** As the local host builds every function; the files need nothing of the app. */
  public ConsoleFunction(FunctionApp app) {
  }

  @FunctionName("Console")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "console/{first?}/{second?}",
          authLevel = AuthorizationLevel.ANONYMOUS)
      HttpRequestMessage<Optional<String>> request,
      @BindingName("first") String first,
      @BindingName("second") String second,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      if (first == null || first.isEmpty()) {
        String path = request.getUri().getRawPath();
        if (!path.endsWith("/")) {
          // The page names its files relative to itself: it must be at console/, not console.
          return request.createResponseBuilder(HttpStatusType.custom(301)).header("Location", path + "/").build();
        }
        return page(request);
      }
      if (first.equals("index.html") && second == null) {
        return page(request);
      }
      Optional<StaticAssets.File> f = first.equals("assets") ? ASSETS.asset(second) : Optional.empty();
      return f.map(file -> send(request, file)).orElseGet(() -> HttpExchange.problem(request,
          Problem.of(404, ConsoleReasons.NOT_FOUND, "the console has no file at " + request.getUri().getRawPath())));
    });
  }

  private static HttpResponseMessage page(HttpRequestMessage<?> request) {
    return ASSETS.page().map(f -> send(request, f)).orElseGet(() -> HttpExchange.problem(request,
        Problem.of(404, ConsoleReasons.CONSOLE_NOT_BUILT, StaticAssets.notBuiltDetail())));
  }

  private static HttpResponseMessage send(HttpRequestMessage<?> request, StaticAssets.File file) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(200));
    file.headers().forEach(b::header);
    return b.body(file.body()).build();
  }
}
