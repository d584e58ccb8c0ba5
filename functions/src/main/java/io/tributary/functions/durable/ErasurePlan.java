package io.tributary.functions.durable;

import java.util.List;

/**
 * What an erasure will go over, read when it starts: the store's days (of event time) and the
 * archive's days (of ingest) within its reach, each with how many of its events match.
 */
public record ErasurePlan(List<DayCount> store, List<DayCount> archive) {

  public ErasurePlan {
    store = List.copyOf(store);
    archive = List.copyOf(archive);
  }

  public long storeEvents() {
    return store.stream().mapToLong(DayCount::events).sum();
  }

  public long archiveSegments() {
    return archive.stream().mapToLong(DayCount::segments).sum();
  }

  public long archiveEvents() {
    return archive.stream().mapToLong(DayCount::events).sum();
  }
}
