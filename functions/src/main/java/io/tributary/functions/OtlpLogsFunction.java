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
import io.tributary.ingest.otlp.OtlpProtobufFormat;
import io.tributary.ingest.otlp.OtlpResponse;
import io.tributary.limits.TenantLimits;
import java.util.Optional;

/**
 * {@code POST /api/compat/otlp/v1/logs}: OTLP/HTTP logs from OpenTelemetry SDKs and the
 * Collector, protobuf or JSON, optionally gzip. Answers 200 with an {@code ExportLogsServiceResponse}
 * once the accepted records are durable ({@code partialSuccess} counting the rejected ones), an
 * empty request 200 too, and every failure as a {@code google.rpc.Status} in the request's
 * encoding, with the status that tells the exporter whether to retry.
 */
public final class OtlpLogsFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "OtlpLogs";

  private final FunctionApp app;

  public OtlpLogsFunction() {
    this(FunctionApp.shared());
  }

  public OtlpLogsFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "compat/otlp/v1/logs",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    String contentType = HttpExchange.header(request, "Content-Type");
    boolean json = OtlpResponse.isJson(contentType);
    return HttpExchange.serve(request, context, () -> {
      Principal caller;
      try {
        caller = HttpExchange.caller(app, request, NAME);
      } catch (AuthException e) {
        return status(request, json, e.problem());
      } catch (ProblemException e) {
        return status(request, json, e.problem());
      }
      TenantLimits limits = app.directory().standing(caller.tenant()).limits();
      Problem empty = HttpExchange.emptyBucket(app, request, caller.tenant(), limits);
      if (empty != null) {
        return status(request, json, empty);
      }
      IngestResult result = app.ingest().ingest(OtlpProtobufFormat.ROUTE, new IngestRequest(caller.tenant(),
          contentType, HttpExchange.header(request, "Content-Encoding"), HttpExchange.body(request),
          EventDefaults.none()), limits);
      if (result instanceof IngestResult.Refused refused) {
        if (Reasons.EMPTY_BODY.equals(refused.problem().code())) {
          // An export of no records is a success in OTLP: nothing was asked to be kept.
          return bytes(request, 200, json, json ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)
              : new byte[0]);
        }
        return status(request, json, refused.problem());
      }
      IngestResult.Accepted accepted = (IngestResult.Accepted) result;
      return bytes(request, 200, json, OtlpResponse.accepted(json, accepted.receipt()));
    });
  }

  private static HttpResponseMessage bytes(HttpRequestMessage<?> request, int status, boolean json, byte[] body) {
    return HttpExchange.bytes(request, status, OtlpResponse.contentType(json), body);
  }

  private static HttpResponseMessage status(HttpRequestMessage<?> request, boolean json, Problem p) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(p.status()));
    ProblemHeaders.of(p).forEach((k, v) -> {
      if (!k.equalsIgnoreCase("Content-Type")) {
        b.header(k, v);
      }
    });
    b.header("Content-Type", OtlpResponse.contentType(json));
    return b.body(OtlpResponse.status(json, p)).build();
  }
}
