package io.tributary.tenancy;

import io.tributary.limits.TenantLimits;
import java.util.Locale;
import java.util.Optional;

/**
 * A plan gives a tenant its default limits and retention; a tenant may override either. The
 * local runtime gives tenants without a record {@link #UNLIMITED}, so a fresh checkout (and its
 * load tests) needs no set-up.
 */
public enum Plan {
  FREE("free", new TenantLimits(1_000, 1 << 20, 10), new Retention(3, 30)),
  STANDARD("standard", new TenantLimits(20_000, 20 << 20, 10), new Retention(7, 90)),
  ENTERPRISE("enterprise", new TenantLimits(200_000, 200 << 20, 30), new Retention(30, 365)),
  /** No rate limit in practice; for the local runtime and operators' own tenants. */
  UNLIMITED("unlimited", new TenantLimits(1_000_000_000L, 1L << 40, 1), new Retention(7, 90));

  private final String id;
  private final TenantLimits limits;
  private final Retention retention;

  Plan(String id, TenantLimits limits, Retention retention) {
    this.id = id;
    this.limits = limits;
    this.retention = retention;
  }

  /** The name used in the API and in stored events; never renamed. */
  public String id() {
    return id;
  }

  public TenantLimits limits() {
    return limits;
  }

  public Retention retention() {
    return retention;
  }

  public static Optional<Plan> of(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (Plan p : values()) {
      if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
