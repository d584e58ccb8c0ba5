package io.tributary.functions.durable;

import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.retention.RetentionAudit;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Records an erasure's receipt in the audit history (stream {@code erasure/<tenant>/<id>}, event
 * {@value #ERASURE_COMPLETED}, actor the requester) and answers it. Idempotent: run again, it
 * answers the receipt recorded the first time.
 */
public final class RecordErasureActivity {

  public static final String NAME = "RecordErasure";
  /** The audit event of a completed erasure. */
  public static final String ERASURE_COMPLETED = "ErasureCompleted";

  private final RetentionAudit audit;
  private final ConfigStore config;
  private final Clock clock;

  public RecordErasureActivity(RetentionAudit audit, ConfigStore config, Clock clock) {
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  public ErasureReceipt run(ErasureRecord rec) throws IOException {
    ErasureJob job = rec.job();
    String stream = "erasure/" + job.tenant() + "/" + job.job();
    List<ConfigEvent> recorded = config.read(stream);
    if (recorded.isEmpty()) {
      audit.record(stream, ERASURE_COMPLETED, TenantId.of(job.tenant()), job.requestedBy(), new ErasureReceipt(
          job.job(), job.tenant(), job.params().get("q"), job.params().get("from"), job.params().get("to"),
          rec.storeEvents(), rec.archiveEvents(), rec.segmentsRewritten(), job.requestedBy(), job.requestedAt(),
          clock.instant().toString()));
      recorded = config.read(stream);
    }
    return Json.mapper().treeToValue(recorded.get(0).data(), ErasureReceipt.class);
  }
}
