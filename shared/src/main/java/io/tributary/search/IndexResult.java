package io.tributary.search;

import io.tributary.event.TenantId;
import java.util.List;

/**
 * What {@link SearchIndex#index} did: how many events are indexed, and those the service rejected
 * for good (with its status and message, to report).
 */
public record IndexResult(int indexed, List<Rejected> rejected) {

  public IndexResult {
    rejected = List.copyOf(rejected);
  }

  /** One event the index refused; retrying the same document cannot succeed. */
  public record Rejected(TenantId tenant, String id, int status, String message) {
  }
}
