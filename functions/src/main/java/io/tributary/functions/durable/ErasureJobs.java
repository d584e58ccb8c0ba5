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
import java.util.Set;

/**
 * Erasures ({@code POST /api/erasures}, {@code GET /api/erasures/{id}}) over an
 * {@link OrchestrationClient}: an erasure is an {@link ErasureOrchestrator} instance whose id is the
 * erasure's and whose input names its tenant, so another tenant's erasure is answered as one that
 * does not exist. The status has the export jobs' shape, its {@code result} the receipt. Thread-safe.
 */
public final class ErasureJobs {

  /** 404: no erasure of the caller's tenant has this id. */
  public static final String NOT_FOUND = "erasure_not_found";
  /** 400: the body does not say what to erase. */
  public static final String INVALID = "invalid_erasure";
  /** 503: this instance cannot erase (no engine, or a store that cannot remove events). */
  public static final String UNAVAILABLE = "erasure_unavailable";

  private static final Set<String> FIELDS = Set.of("q", "from", "to");

  private final OrchestrationClient client;
  private final Clock clock;

  public ErasureJobs(OrchestrationClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Starts an erasure of {@code tenant}'s events that match the body's {@code q} within
   * {@code from}–{@code to} (both optional), asked by {@code subject}. Answers its id.
   *
   * @throws QueryException a 400 naming the field and what to send instead
   */
  public String start(TenantId tenant, String subject, JsonNode body) throws QueryException, IOException {
    Map<String, String> params = params(body);
    ExportRequest.of(params); // the query's own 400s: a bad q, time or range
    long now = Timestamps.ofInstant(clock.instant());
    String id = EventIds.next(clock.millis());
    client.start(ErasureOrchestrator.NAME, id, new ErasureJob(id, tenant.value(), params, subject,
        clock.instant().toString(), now));
    return id;
  }

  static Map<String, String> params(JsonNode body) throws QueryException {
    if (body == null || !body.isObject()) {
      throw new QueryException(Problem.of(400, QueryReasons.MALFORMED_JSON,
          "the body must be a JSON object {\"q\", \"from\", \"to\"} naming the events to erase"));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!FIELDS.contains(f.getKey())) {
        throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "an erasure takes q, from and to; not '"
            + f.getKey() + "'").with("field", f.getKey()));
      }
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      if (!v.isValueNode() || v.isBoolean()) {
        throw QueryException.field(f.getKey(), f.getKey() + " must be a string" + (f.getKey().equals("q") ? ""
            : " (ISO-8601) or an epoch number"));
      }
      params.put(f.getKey(), v.asText());
    }
    if (params.getOrDefault("q", "").isBlank()) {
      throw new QueryException(Problem.of(400, INVALID, "q is required: the query (docs/query-language.md) of the"
          + " events to erase, e.g. \"user:alice\"; from and to narrow it to a time range").with("field", "q"));
    }
    return params;
  }

  /** The erasure's status document, or empty when {@code tenant} has no erasure {@code id}. */
  public Optional<ObjectNode> status(TenantId tenant, String id) throws IOException {
    Optional<OrchestrationState> state = own(tenant, id);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    OrchestrationState s = state.get();
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("id", id);
    doc.put("state", s.status().wire());
    ExportProgress p = s.customStatus() == null || s.customStatus().isBlank() ? new ExportProgress(0, 0, 0)
        : Json.mapper().readValue(s.customStatus(), ExportProgress.class);
    ObjectNode progress = doc.putObject("progress");
    progress.put("events", p.events());
    progress.put("bytes", p.bytes());
    progress.put("percent", s.status() == OrchestrationState.Status.COMPLETED ? 100 : p.percent());
    if (s.status() == OrchestrationState.Status.COMPLETED && s.output() != null) {
      doc.set("result", Json.mapper().readTree(s.output()));
    } else {
      doc.putNull("result");
    }
    if (s.failure() != null) {
      doc.put("error", s.failure());
    }
    return Optional.of(doc);
  }

  private Optional<OrchestrationState> own(TenantId tenant, String id) throws IOException {
    if (!id.matches("[A-Za-z0-9_-]{1,128}")) {
      return Optional.empty();
    }
    Optional<OrchestrationState> s = client.get(id);
    if (s.isEmpty() || !ErasureOrchestrator.NAME.equals(s.get().name())) {
      return Optional.empty();
    }
    ErasureJob job = Json.mapper().readValue(s.get().input(), ErasureJob.class);
    return tenant.value().equals(job.tenant()) ? s : Optional.empty();
  }
}
