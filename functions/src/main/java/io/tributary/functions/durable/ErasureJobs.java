package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventIds;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.ExportRequest;
import io.tributary.http.Problem;
import io.tributary.query.QueryException;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

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
    Map<String, String> params = JobDocuments.queryParams(body,
        "a JSON object {\"q\", \"from\", \"to\"} naming the events to erase", "an erasure takes q, from and to");
    if (params.getOrDefault("q", "").isBlank()) {
      throw new QueryException(Problem.of(400, INVALID, "q is required: the query (docs/query-language.md) of the"
          + " events to erase, e.g. \"user:alice\"; from and to narrow it to a time range").with("field", "q"));
    }
    return params;
  }

  /** The erasure's status document, or empty when {@code tenant} has no erasure {@code id}. */
  public Optional<ObjectNode> status(TenantId tenant, String id) throws IOException {
    Optional<OrchestrationState> state = JobDocuments.own(client, ErasureOrchestrator.NAME, tenant, id);
    return state.isEmpty() ? Optional.empty()
        : Optional.of(JobDocuments.document(id, state.get(), JobDocuments.Result.AS_IS));
  }
}
