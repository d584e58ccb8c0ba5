package io.tributary.tenancy;

import io.tributary.event.TenantId;
import io.tributary.limits.TenantLimits;

/**
 * A tenant's record as its configuration stream folds it.
 *
 * @param limits the tenant's own limits, or null for its plan's
 * @param retention the tenant's own retention, or null for its plan's
 */
public record Tenant(TenantId id, String name, Plan plan, TenantLimits limits, Retention retention,
    TenantStatus status) {

  /** The limits in force: the tenant's own, else its plan's. */
  public TenantLimits effectiveLimits() {
    return limits != null ? limits : plan.limits();
  }

  /** The retention in force: the tenant's own, else its plan's. */
  public Retention effectiveRetention() {
    return retention != null ? retention : plan.retention();
  }

  public boolean suspended() {
    return status == TenantStatus.SUSPENDED;
  }
}
