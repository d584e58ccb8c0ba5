package io.tributary.functions.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.EventIds;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.export.ExportRequest;
import io.tributary.query.QueryException;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

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
    return JobDocuments.queryParams(body,
        "a JSON object {\"from\", \"to\", \"q\"} naming the archived events to replay", "a replay takes from, to and q");
  }

  /** The replay's status document, or empty when {@code tenant} has no replay {@code id}. */
  public Optional<ObjectNode> status(TenantId tenant, String id) throws IOException {
    Optional<OrchestrationState> state = JobDocuments.own(client, ReplayOrchestrator.NAME, tenant, id);
    return state.isEmpty() ? Optional.empty()
        : Optional.of(JobDocuments.document(id, state.get(), JobDocuments.Result.AS_IS));
  }
}
