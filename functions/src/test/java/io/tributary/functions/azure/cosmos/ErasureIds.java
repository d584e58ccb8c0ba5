package io.tributary.functions.azure.cosmos;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.store.LogStore;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The ids the erasure tests compare: of what was written, of what matches, of what a store still holds. */
final class ErasureIds {

  private ErasureIds() {
  }

  /** The ids of {@code tenant}'s events in {@code all}. */
  static Set<String> of(List<LogEvent> all, TenantId tenant) {
    Set<String> ids = new TreeSet<>();
    all.stream().filter(e -> e.tenant().equals(tenant)).forEach(e -> ids.add(e.id()));
    return ids;
  }

  /** The ids of {@code tenant}'s events in {@code all} that the erasure's query matches (the store's one filter). */
  static Set<String> matching(List<LogEvent> all, TenantId tenant, LogQuery erasure) {
    LogFilter f = LogFilter.ofAllStored(erasure);
    Set<String> ids = new TreeSet<>();
    all.stream().filter(e -> e.tenant().equals(tenant) && f.matches(e)).forEach(e -> ids.add(e.id()));
    return ids;
  }

  /** The ids of every event {@code store} holds for {@code tenant}. */
  static Set<String> stored(LogStore store, TenantId tenant) throws java.io.IOException {
    Set<String> ids = new TreeSet<>();
    store.query(tenant, LogQuery.all(100_000)).forEach(e -> ids.add(e.id()));
    return ids;
  }
}
