package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventIds;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.ExportRequest;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Export jobs ({@code POST /api/exports}, {@code GET}/{@code DELETE /api/exports/{id}}) over an
 * {@link OrchestrationClient}: a job is an {@link ExportOrchestrator} instance whose id is the job's
 * id and whose input names its tenant, so a job of another tenant is answered as one that does not
 * exist. Thread-safe.
 */
public final class ExportJobs {

  /** 404: no export job of the caller's tenant has this id. */
  public static final String NOT_FOUND = "export_not_found";
  /** 409: the job has ended; there is nothing to cancel. */
  public static final String ENDED = "export_ended";
  /** 400: a destination was given; this runtime writes the result where its jobs keep files. */
  public static final String DESTINATION_UNSUPPORTED = "destination_unsupported";

  private final OrchestrationClient client;
  private final Clock clock;
  private final io.tributary.export.ExportFiles files;

  public ExportJobs(OrchestrationClient client, Clock clock) {
    this(client, clock, null);
  }

  /**
   * @param files where the jobs' files are: a completed job's {@code url} is made anew at each read
   *     ({@link io.tributary.export.ExportFiles#url}), so a short-lived link (Azure) is valid for its
   *     whole lifetime from the read; null to answer the url the job completed with
   */
  public ExportJobs(OrchestrationClient client, Clock clock, io.tributary.export.ExportFiles files) {
    this.client = client;
    this.clock = clock;
    this.files = files;
  }

  /**
   * Starts a job of {@code tenant} with the body's filters ({@code from}, {@code to}, {@code q},
   * {@code format}, {@code fields}, {@code service}, {@code host}, {@code severity},
   * {@code minSeverity}, as the streaming export takes them; lists as arrays or comma-separated);
   * the snapshot is now. Answers the job's id.
   */
  public String start(TenantId tenant, JsonNode body) throws QueryException, IOException {
    Map<String, String> params = params(body);
    ExportRequest request = ExportRequest.of(params);
    long now = Timestamps.ofInstant(clock.instant());
    long to = request.query().toNanos() == Long.MAX_VALUE ? now : request.query().toNanos();
    String id = EventIds.next(clock.millis());
    client.start(ExportOrchestrator.NAME, id, new ExportJob(id, tenant.value(), params, now,
        request.query().fromNanos(), to, ExportJob.partEventsOfNewJobs()));
    return id;
  }

  /** The body as the streaming export's parameters; a field it does not take is a 400 naming it. */
  static Map<String, String> params(JsonNode body) throws QueryException {
    if (body == null || !body.isObject()) {
      throw new QueryException(Problem.of(400, QueryReasons.MALFORMED_JSON,
          "the body must be a JSON object of the export's filters and format"));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      if (f.getKey().equals("destination")) {
        throw new QueryException(Problem.of(400, DESTINATION_UNSUPPORTED, "this runtime writes the result where it"
            + " keeps export files and links it in the job's result; leave destination out").with("field",
            "destination"));
      }
      if (v.isArray()) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : v) {
          if (!item.isTextual()) {
            throw QueryException.field(f.getKey(), f.getKey() + " must be a string or an array of strings");
          }
          joined.append(joined.length() == 0 ? "" : ",").append(item.asText());
        }
        params.put(f.getKey(), joined.toString());
      } else if (v.isValueNode()) {
        params.put(f.getKey(), v.asText());
      } else {
        throw QueryException.field(f.getKey(), f.getKey() + " must be a string, a number or an array of strings");
      }
    }
    return params;
  }

  /** The job's status document, or empty when {@code tenant} has no job {@code id}. */
  public Optional<ObjectNode> status(TenantId tenant, String id) throws IOException {
    Optional<OrchestrationState> state = own(tenant, id);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JobDocuments.document(id, state.get(), (doc, output) -> {
      ExportResult r = Json.mapper().readValue(output, ExportResult.class);
      ObjectNode result = doc.putObject("result");
      result.put("url", url(tenant, id, state.get(), r));
      result.put("events", r.events());
      result.put("bytes", r.bytes());
      result.put("sha256", r.sha256());
    }));
  }

  /** A fresh link to a completed job's file, or the one it completed with. */
  private String url(TenantId tenant, String id, OrchestrationState state, ExportResult r) throws IOException {
    if (files == null) {
      return r.url();
    }
    ExportJob job = Json.mapper().readValue(state.input(), ExportJob.class);
    try {
      return files.url(tenant, id, ExportFinishActivity.fileName(ExportRequest.of(job.params()).format()));
    } catch (QueryException e) {
      return r.url(); // not a job this runtime started (its filters were checked then)
    }
  }

  /** Cancels the job: true when it was running, false when it had ended; empty when there is none. */
  public Optional<Boolean> cancel(TenantId tenant, String id) throws IOException {
    Optional<OrchestrationState> state = own(tenant, id);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(client.terminate(id, "cancelled by the caller"));
  }

  private Optional<OrchestrationState> own(TenantId tenant, String id) throws IOException {
    return JobDocuments.own(client, ExportOrchestrator.NAME, tenant, id);
  }
}
