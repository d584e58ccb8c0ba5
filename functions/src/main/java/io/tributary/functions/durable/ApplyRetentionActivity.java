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
    if (PAUSE_MILLIS > 0) {
      // The SIGKILL test kills the runtime here: the tenant's retention applied, its completion not recorded.
      java.util.logging.Logger.getLogger(ApplyRetentionActivity.class.getName()).info(
          "archival tenant applied: " + tenant);
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted in the test pause");
      }
    }
    return report;
  }

  /** Test-only ({@code tributary.test.archival.tenantPauseMillis}): a wait after each tenant's retention is applied. */
  private static final long PAUSE_MILLIS = Long.getLong("tributary.test.archival.tenantPauseMillis", 0);
}
