package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * {@code POST /api/compat/elasticsearch/{index}/_bulk}: the bulk API with a default index for
 * actions that name none (the index is reported in the answer, not stored).
 */
public final class ElasticIndexBulkFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "ElasticIndexBulk";

  private final FunctionApp app;

  public ElasticIndexBulkFunction() {
    this(FunctionApp.shared());
  }

  public ElasticIndexBulkFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST},
          route = "compat/elasticsearch/{index}/_bulk", authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("index") String index,
      ExecutionContext context) {
    return ElasticBulk.serve(app, request, context, NAME, index);
  }
}
