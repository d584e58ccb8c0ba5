package io.tributary.auth;

import java.util.Optional;

/** What a token allows, as the {@code roles} claim names it. */
public enum Role {
  LOGS_WRITE("logs.write"),
  LOGS_READ("logs.read"),
  LOGS_EXPORT("logs.export"),
  ALERTS_MANAGE("alerts.manage"),
  TENANTS_ADMIN("tenants.admin");

  private final String claim;

  Role(String claim) {
    this.claim = claim;
  }

  public String claim() {
    return claim;
  }

  public static Optional<Role> ofClaim(String value) {
    for (Role r : values()) {
      if (r.claim.equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
