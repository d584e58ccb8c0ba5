package io.tributary.functions.durable;

import java.util.List;

/** The archive's ingest days a replay goes over, ascending. */
public record ReplayPlan(List<Long> days) {

  public ReplayPlan {
    days = List.copyOf(days);
  }
}
