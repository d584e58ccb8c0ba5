package io.tributary.retention;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.List;

/**
 * A hot store that keeps each tenant's events by UTC day of their event time, so that retention
 * drops whole days (the local block store; Cosmos DB has TTL instead and does not implement this).
 * Thread-safe.
 */
public interface HotStoreDays extends HeldTenants {

  /** The days (since the epoch, UTC) of {@code tenant} that hold events, ascending. */
  List<Long> days(TenantId tenant) throws IOException;

  /**
   * What {@code tenant}'s day holds now: a snapshot that can be read and then dropped or rewritten
   * as a whole, so that what is dropped is exactly what was read (events stored afterwards are
   * never touched).
   */
  StoredDay day(TenantId tenant, long day) throws IOException;
}
