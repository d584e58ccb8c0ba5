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
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import io.tributary.auth.Principal;
import io.tributary.export.ExportReasons;
import io.tributary.functions.durable.ExportDownload;
import io.tributary.functions.durable.ExportJobs;
import io.tributary.functions.durable.OrchestrationState;
import io.tributary.http.FileStream;
import io.tributary.http.Problem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code GET /api/exports/{id}/file}: a completed export job's file, as an attachment with its
 * format's {@code Content-Type}. Where the job wrote a local file (the local runtime: its result's
 * {@code url} is a {@code file:} URI a web page cannot open) the file is streamed; where the
 * result is a link of its own (Azure: a short-lived SAS URL to the blob) this answers a 302 to it.
 * Another tenant's job is a 404 {@code export_not_found}, as one that does not exist; a job not
 * completed is a 409 {@code export_not_completed}; a file removed since is a 410
 * {@code export_file_gone}.
 */
public final class ExportJobFileFunction {

  private final FunctionApp app;

  public ExportJobFileFunction() {
    this(FunctionApp.shared());
  }

  public ExportJobFileFunction(FunctionApp app) {
    this.app = app;
  }

  @FunctionName("ExportJobFile")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "exports/{id}/file",
          authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
      HttpRequestMessage<Optional<byte[]>> request,
      @BindingName("id") String id,
      @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
      ExecutionContext context) {
    return HttpExchange.serve(request, context, () -> {
      Principal caller = HttpExchange.caller(app, request, "ExportJobFile");
      ExportDownload job = ExportJobsFunction.jobs(app, durableContext).download(caller.tenant(), id)
          .orElseThrow(() -> ExportJobFunction.notFound(id));
      if (job.status() != OrchestrationState.Status.COMPLETED || job.result() == null) {
        throw new ProblemException(Problem.of(409, ExportJobs.NOT_COMPLETED, job.status() == OrchestrationState.Status.RUNNING
            ? "export job '" + id + "' is running; download its file once GET /api/exports/" + id + " says completed"
            : "export job '" + id + "' " + job.status().wire() + " and has no file; start the export again with"
                + " POST /api/exports"));
      }
      String url = job.result().url();
      if (!url.startsWith("file:")) {
        return request.createResponseBuilder(HttpStatusType.custom(302)).header("Location", url)
            .header("Cache-Control", "no-store").build();
      }
      Path file = Path.of(URI.create(url));
      if (!Files.isRegularFile(file)) {
        throw new ProblemException(Problem.of(410, ExportJobs.FILE_GONE, "the file of export job '" + id
            + "' is no longer on this runtime; start the export again with POST /api/exports"));
      }
      HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(200))
          .header("Content-Type", job.mediaType())
          .header("Content-Disposition", "attachment; filename=\"" + job.fileName() + "\"")
          .header("Cache-Control", "no-store");
      if (request instanceof VerifiedRequest v && v.streamsResponses()) {
        return b.body(FileStream.open(file)).build();
      }
      if (Files.size(file) > ExportFunction.BUFFERED_MAX_BYTES) {
        throw new ProblemException(Problem.of(413, ExportReasons.EXPORT_TOO_LARGE, "this host answers at most "
            + ExportFunction.BUFFERED_MAX_BYTES + " bytes in one response; use the job's result url"));
      }
      return b.body(Files.readAllBytes(file)).build();
    });
  }
}
