package io.tributary.retention;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.List;

/**
 * A store that can say which tenants it holds data of, so that retention reaches tenants that are
 * not (or no longer) registered. Thread-safe.
 */
public interface HeldTenants {

  /** The tenants this store holds anything of, sorted. */
  List<TenantId> heldTenants() throws IOException;
}
