package io.tributary.functions.durable;

import java.util.List;

/** The tenants an archival run applies retention to, sorted: the registered ones and any a store holds data of. */
public record ArchivalTenants(List<String> tenants) {

  public ArchivalTenants {
    tenants = List.copyOf(tenants);
  }
}
