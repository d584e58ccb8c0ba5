package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.AuthException;
import io.tributary.auth.Principal;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.Reasons;
import io.tributary.ingest.loki.LokiJsonFormat;
import io.tributary.ingest.loki.LokiResponses;
import io.tributary.limits.TenantLimits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /api/compat/loki/api/v1/push}: Loki's push API for Promtail, Grafana Alloy, Fluent
 * Bit, Vector and loki4j (a Loki client's base URL is {@code …/api/compat}), JSON or protobuf +
 * snappy. Answers as Loki does ({@link LokiResponses}): 204 once the entries are durable, a
 * plain-text 400 naming rejected entries (the valid ones kept), and every failure in plain text.
 */
public final class LokiPushFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "LokiPush";

  private final FunctionApp app;

  public LokiPushFunction() {
    this(FunctionApp.shared());
  }

  public LokiPushFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "compat/loki/api/v1/push",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller;
      try {
        caller = HttpExchange.caller(app, request, NAME);
      } catch (AuthException e) {
        return text(request, e.problem());
      } catch (ProblemException e) {
        return text(request, e.problem());
      }
      TenantLimits limits = app.directory().standing(caller.tenant()).limits();
      Problem empty = HttpExchange.emptyBucket(app, request, caller.tenant(), limits);
      if (empty != null) {
        return text(request, empty);
      }
      IngestResult result = app.ingest().ingest(LokiJsonFormat.ROUTE, new IngestRequest(caller.tenant(),
          HttpExchange.header(request, "Content-Type"), HttpExchange.header(request, "Content-Encoding"),
          HttpExchange.body(request), EventDefaults.none()), limits);
      if (result instanceof IngestResult.Refused refused) {
        if (Reasons.EMPTY_BODY.equals(refused.problem().code())) {
          // A push of no entries is a success in Loki: nothing was asked to be kept.
          return request.createResponseBuilder(HttpStatusType.custom(LokiResponses.KEPT)).build();
        }
        return text(request, refused.problem());
      }
      IngestResult.Accepted accepted = (IngestResult.Accepted) result;
      int status = LokiResponses.status(accepted.receipt());
      if (status == LokiResponses.KEPT) {
        return request.createResponseBuilder(HttpStatusType.custom(status)).build();
      }
      return HttpExchange.bytes(request, status, "text/plain; charset=utf-8",
          LokiResponses.text(accepted.receipt()).getBytes(StandardCharsets.UTF_8));
    });
  }

  private static HttpResponseMessage text(HttpRequestMessage<?> request, Problem p) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(p.status()));
    ProblemHeaders.of(p).forEach((k, v) -> {
      if (!k.equalsIgnoreCase("Content-Type")) {
        b.header(k, v);
      }
    });
    b.header("Content-Type", "text/plain; charset=utf-8");
    return b.body(LokiResponses.text(p).getBytes(StandardCharsets.UTF_8)).build();
  }
}
