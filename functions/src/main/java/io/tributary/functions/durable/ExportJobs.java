package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventIds;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.ExportFormat;
import io.tributary.export.ExportRequest;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
  /** 409: the job's file was asked for while the job is not completed (running, failed or cancelled). */
  public static final String NOT_COMPLETED = "export_not_completed";
  /** 410: the job completed but its file is no longer where it was written. */
  public static final String FILE_GONE = "export_file_gone";
  /** 503: this runtime cannot list its jobs. */
  public static final String LIST_UNAVAILABLE = "export_list_unavailable";
  /** The most jobs {@link #list} answers. */
  public static final int LIST_MAX = 100;

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
   * {@code minSeverity}, as the streaming export takes them; lists as arrays or comma-separated)
   * and an optional {@code destination} ({@link ExportDestinationUrl}); the snapshot is now.
   * Answers the job's id.
   */
  public String start(TenantId tenant, JsonNode body) throws QueryException, IOException {
    Map<String, String> params = params(body);
    ExportRequest request = ExportRequest.of(params);
    JsonNode dest = body.get("destination");
    String destination = dest == null || dest.isNull() ? null
        : ExportDestinationUrl.parse(dest, clock.instant()).url();
    long now = Timestamps.ofInstant(clock.instant());
    long to = request.query().toNanos() == Long.MAX_VALUE ? now : request.query().toNanos();
    String id = idPrefix(tenant) + EventIds.next(clock.millis());
    client.start(ExportOrchestrator.NAME, id, new ExportJob(id, tenant.value(), params, now,
        request.query().fromNanos(), to, ExportJob.partEventsOfNewJobs(), destination));
    return id;
  }

  /**
   * What every export job id of {@code tenant} starts with: {@code <tenant>-EX-}, then the job's
   * time-ordered id. A tenant id has no capitals, so no other tenant's ids share the prefix, and the
   * task hub lists a tenant's jobs by it alone. Jobs started before ids carried the tenant have
   * bare ids; they are still found by id.
   */
  public static String idPrefix(TenantId tenant) {
    return tenant.value() + "-EX-";
  }

  /** The time-ordered part of a job id (its last 26 characters): what "newest first" sorts on. */
  static String jobTime(String id) {
    return id.length() <= 26 ? id : id.substring(id.length() - 26);
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
        continue; // not a filter: start() checks it
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
      if (r.url().startsWith("file:")) {
        // A web page cannot open a file: URI; the runtime serves the file itself.
        result.put("download", fileRoute(id));
      }
    }));
  }

  /** A fresh link to a completed job's file, or the one it completed with. */
  private String url(TenantId tenant, String id, OrchestrationState state, ExportResult r) throws IOException {
    if (files == null) {
      return r.url();
    }
    ExportJob job = Json.mapper().readValue(state.input(), ExportJob.class);
    if (job.destination() != null) {
      return r.url(); // the blob in the caller's container, without their SAS
    }
    try {
      return files.url(tenant, id, ExportFinishActivity.fileName(ExportRequest.of(job.params()).format()));
    } catch (QueryException e) {
      return r.url(); // not a job this runtime started (its filters were checked then)
    }
  }

  /** The route that answers a job's file: {@code GET /api/exports/{id}/file}. */
  public static String fileRoute(String id) {
    return "/api/exports/" + id + "/file";
  }

  /**
   * The status documents of {@code tenant}'s jobs, newest first, at most {@code limit} (1 to
   * {@link #LIST_MAX}); empty when this runtime cannot list its jobs.
   */
  public Optional<List<ObjectNode>> list(TenantId tenant, int limit) throws IOException {
    int most = Math.max(1, Math.min(LIST_MAX, limit));
    Optional<List<String>> ids = client.instanceIds(idPrefix(tenant), most);
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    List<String> candidates = new ArrayList<>(ids.get());
    if (candidates.size() < most) {
      // Jobs started before ids carried the tenant: found where the client lists every instance (the local engine).
      client.instanceIds().ifPresent(all -> all.stream().filter(id -> id.length() == 26).forEach(candidates::add));
    }
    candidates.sort(java.util.Comparator.comparing(ExportJobs::jobTime).reversed());
    List<ObjectNode> out = new ArrayList<>();
    for (String id : candidates) {
      if (out.size() == most) {
        break;
      }
      Optional<ObjectNode> doc = status(tenant, id);
      doc.ifPresent(out::add);
    }
    return Optional.of(out);
  }

  /**
   * What {@code GET /api/exports/{id}/file} answers: the job's state, and once completed its result,
   * media type and file name; empty when {@code tenant} has no job {@code id}.
   */
  public Optional<ExportDownload> download(TenantId tenant, String id) throws IOException {
    Optional<OrchestrationState> state = own(tenant, id);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    OrchestrationState s = state.get();
    ExportJob job = Json.mapper().readValue(s.input(), ExportJob.class);
    ExportFormat format = ExportFormat.ofCode(job.params().getOrDefault("format", ExportRequest.DEFAULT_FORMAT.code()))
        .orElse(ExportRequest.DEFAULT_FORMAT);
    ExportResult result = s.status() == OrchestrationState.Status.COMPLETED && s.output() != null
        ? Json.mapper().readValue(s.output(), ExportResult.class) : null;
    if (result != null) {
      // The link as GET /api/exports/{id} gives it now (a fresh SAS in Azure), not the one it completed with.
      result = new ExportResult(url(tenant, id, s, result), result.events(), result.bytes(), result.sha256());
    }
    return Optional.of(new ExportDownload(id, s.status(), result, format.mediaType(),
        "tributary-" + job.tenant() + "-" + id + "." + format.code()));
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
