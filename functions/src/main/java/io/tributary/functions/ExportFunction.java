package io.tributary.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Principal;
import io.tributary.export.Export;
import io.tributary.export.ExportRequest;
import io.tributary.export.ExportService;
import io.tributary.http.Problem;
import java.util.Optional;

/**
 * {@code GET /api/logs/export?from=&to=&q=&format=csv|ndjson|json&fields=}: every event of the
 * caller's tenant the filters match, oldest first, each once, from the store and the archive
 * (docs/export.md), as an attachment ({@code Content-Disposition} with a file name). Bad
 * parameters are a 400 with the query's codes, or {@code invalid_format}.
 *
 * <p>On a host that streams (the local host) the body is written as it is read, chunked, in
 * constant memory; a failure part-way cuts the transfer off (no last chunk). The Functions host's
 * Java worker buffers a whole response (HTTP streams exist for Node.js, Python and .NET only), so
 * there the export is gathered up to {@link #BUFFERED_MAX_BYTES} and a larger one is refused 413
 * {@code export_too_large}: large exports are export jobs ({@code POST /api/exports}).
 */
public final class ExportFunction {

  /** The most a buffered (non-streaming) host answers in one response. */
  static final int BUFFERED_MAX_BYTES = 64 << 20;

  private final FunctionApp app;

  public ExportFunction() {
    this(FunctionApp.shared());
  }

  public ExportFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("Export")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "logs/export",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "Export");
      ExportService exports = app.exports().orElseThrow(() -> new ProblemException(Problem.of(503,
          "export_unavailable", "this instance runs no exports")));
      ExportRequest asked = ExportRequest.of(request.getQueryParameters());
      Export export = exports.open(caller.tenant(), asked);
      HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(200))
          .header("Content-Type", asked.format().mediaType())
          .header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"")
          .header("Cache-Control", "no-store");
      if (request instanceof VerifiedRequest v && v.streamsResponses()) {
        return b.body(exports.stream(export)).build();
      }
      return b.body(ExportService.collect(export, BUFFERED_MAX_BYTES)).build();
    });
  }
}
