package io.tributary.auth;

import io.tributary.event.TenantId;
import java.util.Set;

/** Who is calling: the tenant every port call is scoped by, and what they may do. */
public record Principal(TenantId tenant, String subject, Set<Role> roles) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
