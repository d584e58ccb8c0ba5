package io.tributary.retention;

import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Records what archival, erasure and replay did in the configuration store's event history, where
 * tenant changes are audited ({@code GET /api/audit}): one stream per run and tenant,
 * {@code retention/<tenant>/<run>}, written once (expected version 0), so that an activity run
 * again after a crash does not record its work twice. Thread-safe.
 */
public final class RetentionAudit {

  /** The event of an archival run that changed or held back something for a tenant. */
  public static final String RETENTION_APPLIED = "RetentionApplied";
  /** The actor of what the daily archival does. */
  public static final String SYSTEM_ACTOR = "system:archival";

  private final ConfigStore config;
  private final Clock clock;

  public RetentionAudit(ConfigStore config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Records {@code report} of run {@code run} when it did anything; false when it was recorded before or did nothing. */
  public boolean recordRetention(String run, RetentionReport report) throws IOException {
    if (!report.acted()) {
      return false;
    }
    return record("retention/" + report.tenant() + "/" + run, RETENTION_APPLIED, TenantId.of(report.tenant()),
        SYSTEM_ACTOR, report);
  }

  /** Appends one event of {@code type} to {@code stream} unless it has one; false when it had. */
  public boolean record(String stream, String type, TenantId tenant, String actor, Object data) throws IOException {
    try {
      config.append(stream, 0, List.of(new NewConfigEvent(type, tenant, actor, clock.instant(),
          Json.mapper().valueToTree(data))));
      return true;
    } catch (VersionConflictException e) {
      return false;
    }
  }
}
