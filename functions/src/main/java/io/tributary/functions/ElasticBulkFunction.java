package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * {@code POST /api/compat/elasticsearch/_bulk}: Elasticsearch's bulk API for Beats, Logstash,
 * Fluent Bit, Vector and the official clients (base URL {@code …/api/compat/elasticsearch}).
 * Answers bulk's own shape once the accepted documents are durable.
 */
public final class ElasticBulkFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "ElasticBulk";

  private final FunctionApp app;

  public ElasticBulkFunction() {
    this(FunctionApp.shared());
  }

  public ElasticBulkFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "compat/elasticsearch/_bulk",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return ElasticBulk.serve(app, request, context, NAME, null);
  }
}
