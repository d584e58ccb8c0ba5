package io.tributary.tenancy;

import java.util.Optional;

/** Whether a tenant may write and read. A suspended tenant's calls get 403 {@code tenant_suspended}. */
public enum TenantStatus {
  ACTIVE("active"), SUSPENDED("suspended");

  private final String id;

  TenantStatus(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<TenantStatus> of(String id) {
    for (TenantStatus s : values()) {
      if (s.id.equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
