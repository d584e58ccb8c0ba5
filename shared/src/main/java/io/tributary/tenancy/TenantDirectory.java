package io.tributary.tenancy;

import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.limits.TenantLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What each request needs to know about its tenant, cheaply: whether it may proceed (a suspended
 * tenant, or an unregistered one where registration is required, may not) and the limits in
 * force. Reads each tenant's record through {@link TenantService} at most once per
 * {@code ttl}; changes made through the service on this instance apply at once (the service
 * tells the directory), those made on other instances within {@code ttl}. Thread-safe.
 */
public final class TenantDirectory {

  /** A suspended tenant's request (403). */
  public static final String TENANT_SUSPENDED = "tenant_suspended";
  /** A token's tenant has no record where records are required (403). */
  public static final String TENANT_NOT_REGISTERED = "tenant_not_registered";

  /**
   * A tenant as a request sees it.
   *
   * @param record the tenant's record, or null when it has none
   * @param limits the limits in force (the record's, else the unregistered plan's); null when refused
   * @param refusal the 403 to answer, or null when the tenant may proceed
   */
  public record Standing(TenantId tenant, Tenant record, TenantLimits limits, Problem refusal) {
    public boolean admitted() {
      return refusal == null;
    }
  }

  private record Cached(Standing standing, long readAtNanos) {
  }

  private final TenantService tenants;
  private final Optional<Plan> unregisteredPlan;
  private final long ttlNanos;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<TenantId, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param unregisteredPlan the plan of a tenant without a record, or empty to refuse such tenants
   * @param ttl how long a record read is trusted (zero: read on every request)
   */
  public TenantDirectory(TenantService tenants, Optional<Plan> unregisteredPlan, Duration ttl, LongSupplier nanos) {
    this.tenants = tenants;
    this.unregisteredPlan = unregisteredPlan;
    this.ttlNanos = ttl.toNanos();
    this.nanos = nanos;
    tenants.onChange(this::forget);
  }

  /** The standing of {@code tenant} now. */
  public Standing standing(TenantId tenant) throws IOException {
    long now = nanos.getAsLong();
    Cached c = cache.get(tenant);
    if (c != null && now - c.readAtNanos() < ttlNanos) {
      return c.standing();
    }
    Standing s = read(tenant);
    cache.put(tenant, new Cached(s, now));
    return s;
  }

  /** Drops what is known of {@code tenant}, so the next request reads its record again. */
  public void forget(TenantId tenant) {
    cache.remove(tenant);
  }

  private Standing read(TenantId id) throws IOException {
    Optional<Tenant> t = tenants.get(id).map(v -> v.state());
    if (t.isPresent()) {
      Tenant tenant = t.get();
      if (tenant.suspended()) {
        return new Standing(id, tenant, null, Problem.of(403, TENANT_SUSPENDED, "tenant '" + id
            + "' is suspended: its writes and reads are refused until an operator sets its status to active"));
      }
      return new Standing(id, tenant, tenant.effectiveLimits(), null);
    }
    if (unregisteredPlan.isPresent()) {
      return new Standing(id, null, unregisteredPlan.get().limits(), null);
    }
    return new Standing(id, null, null, Problem.of(403, TENANT_NOT_REGISTERED, "tenant '" + id
        + "' is not registered here; an operator registers it with POST /api/tenants"));
  }
}
