package io.tributary.functions.durable;

import io.tributary.event.TenantId;
import io.tributary.retention.HeldTenants;
import io.tributary.tenancy.TenantService;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/**
 * The tenants of an archival run: every registered tenant, and every tenant the stores hold data
 * of (an unregistered tenant's data ages too, by the retention of the plan it is given).
 */
public final class ArchivalTenantsActivity {

  public static final String NAME = "ArchivalTenants";

  private final TenantService tenants;
  private final List<HeldTenants> stores;

  public ArchivalTenantsActivity(TenantService tenants, List<HeldTenants> stores) {
    this.tenants = tenants;
    this.stores = List.copyOf(stores);
  }

  public ArchivalTenants run(ArchivalRun run) throws IOException {
    return new ArchivalTenants(List.copyOf(names()));
  }

  /** Every registered tenant and every tenant the stores hold data of, sorted. */
  public List<TenantId> tenants() throws IOException {
    return names().stream().map(TenantId::of).toList();
  }

  private TreeSet<String> names() throws IOException {
    TreeSet<String> all = new TreeSet<>();
    tenants.list().forEach(t -> all.add(t.state().id().value()));
    for (HeldTenants s : stores) {
      for (TenantId t : s.heldTenants()) {
        all.add(t.value());
      }
    }
    return all;
  }
}
