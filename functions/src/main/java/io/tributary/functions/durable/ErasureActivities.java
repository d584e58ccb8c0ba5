package io.tributary.functions.durable;

import io.tributary.configstore.ConfigStore;
import io.tributary.erasure.ErasureService;
import io.tributary.export.ExportRequest;
import io.tributary.json.Json;
import io.tributary.query.LogQuery;
import io.tributary.query.QueryException;
import io.tributary.retention.RetentionAudit;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/** The activities of erasures, by name, as JSON-in JSON-out functions for an engine. */
public final class ErasureActivities {

  private ErasureActivities() {
  }

  /** The job's query, read as {@code GET /api/logs/export} reads {@code q}, {@code from} and {@code to}. */
  static LogQuery query(ErasureJob job) throws IOException {
    try {
      return ExportRequest.of(job.params()).query();
    } catch (QueryException e) {
      throw new IOException("the erasure's query no longer reads: " + e.getMessage(), e);
    }
  }

  public static Map<String, ActivityFunction> of(ErasureService erasures, RetentionAudit audit, ConfigStore config,
      Clock clock, java.util.function.Consumer<io.tributary.event.TenantId> changed) {
    ErasurePlanActivity plan = new ErasurePlanActivity(erasures);
    EraseStoreDayActivity store = new EraseStoreDayActivity(erasures, changed);
    EraseArchiveDayActivity archive = new EraseArchiveDayActivity(erasures);
    RecordErasureActivity record = new RecordErasureActivity(audit, config, clock);
    return Map.of(
        ErasurePlanActivity.NAME, in -> Json.mapper().writeValueAsString(
            plan.run(Json.mapper().readValue(in, ErasureJob.class))),
        EraseStoreDayActivity.NAME, in -> Json.mapper().writeValueAsString(
            store.run(Json.mapper().readValue(in, ErasureStep.class))),
        EraseArchiveDayActivity.NAME, in -> Json.mapper().writeValueAsString(
            archive.run(Json.mapper().readValue(in, ErasureStep.class))),
        RecordErasureActivity.NAME, in -> Json.mapper().writeValueAsString(
            record.run(Json.mapper().readValue(in, ErasureRecord.class))));
  }
}
