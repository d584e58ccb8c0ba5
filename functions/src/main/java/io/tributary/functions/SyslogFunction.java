package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.http.Problem;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.syslog.SyslogFormat;
import io.tributary.limits.TenantLimits;
import java.util.Optional;

/**
 * {@code POST /api/compat/syslog}: RFC 5424 and RFC 3164 messages, newline-separated or
 * octet-counted (rsyslog's {@code omhttp}, syslog-ng's {@code http()}, Vector, Fluent Bit). Syslog
 * has no HTTP answer of its own, so this answers as {@code /api/logs/ingest} does: 202 with the
 * receipt once the accepted messages are durable, each rejected one listed.
 */
public final class SyslogFunction {

  /** The function's name, in {@link RouteAccess} and the host's catalog. */
  public static final String NAME = "Syslog";

  private final FunctionApp app;

  public SyslogFunction() {
    this(FunctionApp.shared());
  }

  public SyslogFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "compat/syslog",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, NAME);
      TenantLimits limits = app.directory().standing(caller.tenant()).limits();
      Problem empty = HttpExchange.emptyBucket(app, request, caller.tenant(), limits);
      if (empty != null) {
        return HttpExchange.problem(request, empty);
      }
      IngestResult result = app.ingest().ingest(SyslogFormat.ROUTE, new IngestRequest(caller.tenant(),
          HttpExchange.header(request, "Content-Type"), HttpExchange.header(request, "Content-Encoding"),
          HttpExchange.body(request), EventDefaults.none()), limits);
      return HttpExchange.ingested(request, result);
    });
  }
}
