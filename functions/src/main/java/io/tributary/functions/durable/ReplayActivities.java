package io.tributary.functions.durable;

import io.tributary.export.ExportRequest;
import io.tributary.json.Json;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryException;
import io.tributary.replay.ReplayService;
import java.io.IOException;
import java.util.Map;

/** The activities of replays, by name, as JSON-in JSON-out functions for an engine. */
public final class ReplayActivities {

  private ReplayActivities() {
  }

  /** A job's query, read as {@code GET /api/logs/export} reads {@code q}, {@code from} and {@code to}. */
  static LogQuery query(Map<String, String> params) throws IOException {
    try {
      return ExportRequest.of(params).query();
    } catch (QueryException e) {
      throw new IOException("the query no longer reads: " + e.getMessage(), e);
    }
  }

  public static Map<String, ActivityFunction> of(ReplayService replays,
      java.util.function.Consumer<io.tributary.event.TenantId> changed) {
    ReplayPlanActivity plan = new ReplayPlanActivity(replays);
    ReplayDayActivity day = new ReplayDayActivity(replays, changed);
    return Map.of(
        ReplayPlanActivity.NAME, in -> Json.mapper().writeValueAsString(
            plan.run(Json.mapper().readValue(in, ReplayJob.class))),
        ReplayDayActivity.NAME, in -> Json.mapper().writeValueAsString(
            day.run(Json.mapper().readValue(in, ReplayStep.class))));
  }
}
