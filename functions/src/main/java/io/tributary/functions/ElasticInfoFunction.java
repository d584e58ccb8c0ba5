package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.AuthException;
import io.tributary.ingest.elastic.ElasticResponses;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/compat/elasticsearch/}: the root info document that Beats, Logstash and clients
 * read at start to learn the version, with {@code X-Elastic-Product: Elasticsearch}.
 */
public final class ElasticInfoFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "ElasticInfo";

  private final FunctionApp app;

  public ElasticInfoFunction() {
    this(FunctionApp.shared());
  }

  public ElasticInfoFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "compat/elasticsearch",
          authLevel = AuthorizationLevel.ANONYMOUS)
      HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    String contentType = ElasticResponses.contentType(HttpExchange.header(request, "Content-Type"),
        HttpExchange.header(request, "Accept"));
    return HttpExchange.serve(request, context, () -> {
      try {
        HttpExchange.caller(app, request, NAME);
      } catch (AuthException e) {
        return ElasticBulk.error(request, contentType, e.problem());
      } catch (ProblemException e) {
        return ElasticBulk.error(request, contentType, e.problem());
      }
      return ElasticBulk.answer(request, 200, contentType, ElasticResponses.info(), Map.of());
    });
  }
}
