package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the job APIs (exports, erasures, replays) share: finding a tenant's own orchestration by id,
 * its status document ({@code id, state, progress{events, bytes, percent}, result, error}), and
 * reading a {@code {q, from, to}} body.
 */
final class JobDocuments {

  private static final Set<String> QUERY_FIELDS = Set.of("q", "from", "to");

  private JobDocuments() {
  }

  /** How a job's output becomes the status document's {@code result}. */
  @FunctionalInterface
  interface Result {
    void write(ObjectNode doc, String output) throws IOException;

    /** The output as it is, as JSON. */
    Result AS_IS = (doc, output) -> doc.set("result", Json.mapper().readTree(output));
  }

  /**
   * The orchestration {@code id} when it is an instance of {@code orchestrator} started for
   * {@code tenant} (its input's {@code tenant}); empty otherwise, so another tenant's job is
   * answered as one that does not exist.
   */
  static Optional<OrchestrationState> own(OrchestrationClient client, String orchestrator, TenantId tenant, String id)
      throws IOException {
    if (!id.matches("[A-Za-z0-9_-]{1,128}")) {
      return Optional.empty();
    }
    Optional<OrchestrationState> s = client.get(id);
    if (s.isEmpty() || !orchestrator.equals(s.get().name())) {
      return Optional.empty();
    }
    String owner = Json.mapper().readTree(s.get().input()).path("tenant").asText();
    return tenant.value().equals(owner) ? s : Optional.empty();
  }

  /** The status document of orchestration {@code s}, its result written by {@code result} once completed. */
  static ObjectNode document(String id, OrchestrationState s, Result result) throws IOException {
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
      result.write(doc, s.output());
    } else {
      doc.putNull("result");
    }
    if (s.failure() != null) {
      doc.put("error", s.failure());
    }
    return doc;
  }

  /**
   * A {@code {q, from, to}} body as parameters (nulls left out).
   *
   * @param shape what the body must be, for the message of a body that is not an object
   * @param takes what the job takes, for the message of an unknown field
   * @throws QueryException a 400 naming the field and what to send instead
   */
  static Map<String, String> queryParams(JsonNode body, String shape, String takes) throws QueryException {
    if (body == null || !body.isObject()) {
      throw new QueryException(Problem.of(400, QueryReasons.MALFORMED_JSON, "the body must be " + shape));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!QUERY_FIELDS.contains(f.getKey())) {
        throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, takes + "; not '" + f.getKey() + "'")
            .with("field", f.getKey()));
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
}
