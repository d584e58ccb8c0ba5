package io.tributary.pattern;

import io.tributary.event.TenantId;
import java.util.Objects;

/**
 * One stream of lines whose patterns are mined together: a tenant's service.
 *
 * @param tenant never null
 * @param service never null; empty when the events named none
 */
public record StreamKey(TenantId tenant, String service) {

  public StreamKey {
    Objects.requireNonNull(tenant, "tenant");
    service = service == null ? "" : service;
  }
}
