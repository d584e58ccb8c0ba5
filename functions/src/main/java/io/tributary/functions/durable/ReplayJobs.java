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
 * Replays ({@code POST /api/replays}, {@code GET /api/replays/{id}}) over an
 * {@link OrchestrationClient}: a replay is a {@link ReplayOrchestrator} instance whose input names
 * its tenant, so another tenant's replay is answered as one that does not exist. The status has
 * the export jobs' shape; its {@code result} is {@code {events, read, days}}. Thread-safe.
 */
public final class ReplayJobs {

  /** 404: no replay of the caller's tenant has this id. */
  public static final String NOT_FOUND = "replay_not_found";
  /** 503: this instance runs no replays (no engine). */
  public static final String UNAVAILABLE = "replay_unavailable";

  private static final Set<String> FIELDS = Set.of("q", "from", "to");

  private final OrchestrationClient client;
  private final Clock clock;

  public ReplayJobs(OrchestrationClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Starts a replay of {@code tenant}'s archived events that match the body's {@code q} within
   * {@code from}–{@code to} (all optional). Answers its id.
   *
   * @throws QueryException a 400 naming the field and what to send instead
   */
  public String start(TenantId tenant, JsonNode body) throws QueryException, IOException {
    Map<String, String> params = params(body);
    ExportRequest.of(params); // the query's own 400s
    String id = EventIds.next(clock.millis());
    client.start(ReplayOrchestrator.NAME, id, new ReplayJob(id, tenant.value(), params,
        Timestamps.ofInstant(clock.instant())));
    return id;
  }

  static Map<String, String> params(JsonNode body) throws QueryException {
    if (body == null || !body.isObject()) {
      throw new QueryException(Problem.of(400, QueryReasons.MALFORMED_JSON,
          "the body must be a JSON object {\"from\", \"to\", \"q\"} naming the archived events to replay"));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!FIELDS.contains(f.getKey())) {
        throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "a replay takes from, to and q; not '"
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
    return params;
  }

  /** The replay's status document, or empty when {@code tenant} has no replay {@code id}. */
  public Optional<ObjectNode> status(TenantId tenant, String id) throws IOException {
    if (!id.matches("[A-Za-z0-9_-]{1,128}")) {
      return Optional.empty();
    }
    Optional<OrchestrationState> state = client.get(id);
    if (state.isEmpty() || !ReplayOrchestrator.NAME.equals(state.get().name())
        || !tenant.value().equals(Json.mapper().readValue(state.get().input(), ReplayJob.class).tenant())) {
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
}
