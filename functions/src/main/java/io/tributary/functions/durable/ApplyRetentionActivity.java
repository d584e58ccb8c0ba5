package io.tributary.functions.durable;

import io.tributary.event.TenantId;
import io.tributary.retention.RetentionAudit;
import io.tributary.retention.RetentionReport;
import io.tributary.retention.RetentionService;
import io.tributary.tenancy.Retention;
import java.io.IOException;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Applies one tenant's retention for the run's day ({@link RetentionService}) and audits what it
 * did. Idempotent: run again, it finds nothing more to do, and the audit records a run once.
 */
public final class ApplyRetentionActivity {

  public static final String NAME = "ApplyRetention";

  /** A tenant's retention now: its own, else its plan's. */
  @FunctionalInterface
  public interface RetentionOf {
    Retention of(TenantId tenant) throws IOException;
  }

  private final RetentionService retention;
  private final RetentionOf retentionOf;
  private final RetentionAudit audit;
  private final java.util.function.Consumer<TenantId> changed;

  /** @param changed told of a tenant whose stored events it dropped (cached query answers are then stale) */
  public ApplyRetentionActivity(RetentionService retention, RetentionOf retentionOf, RetentionAudit audit,
      java.util.function.Consumer<TenantId> changed) {
    this.retention = retention;
    this.retentionOf = retentionOf;
    this.audit = audit;
    this.changed = changed;
  }

  public RetentionReport run(RetentionTask task) throws IOException {
    TenantId tenant = TenantId.of(task.tenant());
    RetentionReport report = retention.apply(tenant, retentionOf.of(tenant), LocalDate.parse(task.day()));
    if (!report.daysDropped().isEmpty()) {
      changed.accept(tenant);
    }
    audit.recordRetention(task.run(), report);
    return report;
  }
}
