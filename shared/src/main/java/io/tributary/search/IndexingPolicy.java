package io.tributary.search;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.tenancy.Plan;
import java.util.Set;

/**
 * Which events go to the full-text index; the rest are answered from the store's blocks. A week
 * of everything at the design rate does not fit an Azure AI Search service (docs/search.md has the
 * arithmetic), so by default only events at {@code minSeverity} or above, of the last
 * {@code days} days, are indexed; tenants (by id or by plan) that opted in have every severity
 * indexed. Immutable.
 *
 * @param minSeverity the lowest severity indexed for tenants that did not opt in
 * @param days how many days back from now an event's time may be and still be indexed (the
 *     index's retention)
 * @param allSeverityPlans plans whose tenants have every severity indexed
 * @param allSeverityTenants tenants that have every severity indexed, whatever their plan
 */
public record IndexingPolicy(Severity minSeverity, int days, Set<Plan> allSeverityPlans,
    Set<TenantId> allSeverityTenants) {

  /** The default of docs/search.md: WARN and above, for one day, no tenant opted in. */
  public static final IndexingPolicy DEFAULT = new IndexingPolicy(Severity.WARN, 1, Set.of(), Set.of());

  public IndexingPolicy {
    if (days < 1) {
      throw new IllegalArgumentException("the index keeps at least one day, not " + days);
    }
    allSeverityPlans = Set.copyOf(allSeverityPlans);
    allSeverityTenants = Set.copyOf(allSeverityTenants);
  }

  /** Whether {@code tenant}, on {@code plan} (null when unknown), has every severity indexed. */
  public boolean allSeverities(TenantId tenant, Plan plan) {
    return allSeverityTenants.contains(tenant) || (plan != null && allSeverityPlans.contains(plan));
  }

  /**
   * Whether {@code event} is indexed at {@code nowNanos}, given whether its tenant has every
   * severity indexed ({@link #allSeverities}).
   */
  public boolean indexes(LogEvent event, boolean allSeverities, long nowNanos) {
    if (event.timeNanos() < oldestNanos(nowNanos)) {
      return false;
    }
    return allSeverities || event.severity().atLeast(minSeverity);
  }

  /** The earliest event time the index keeps at {@code nowNanos}; older documents are deleted. */
  public long oldestNanos(long nowNanos) {
    return nowNanos - days * Timestamps.NANOS_PER_DAY;
  }
}
