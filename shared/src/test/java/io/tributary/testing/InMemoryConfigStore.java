package io.tributary.testing;

import io.tributary.configstore.ConfigEvent;
import io.tributary.configstore.ConfigStore;
import io.tributary.configstore.NewConfigEvent;
import io.tributary.configstore.VersionConflictException;
import io.tributary.event.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link ConfigStore} in memory, for core tests; it passes the same contract as the real ones. */
public final class InMemoryConfigStore implements ConfigStore {

  private final Map<String, List<ConfigEvent>> streams = new TreeMap<>();
  private final List<ConfigEvent> all = new ArrayList<>();

  @Override
  public synchronized long append(String stream, long expectedVersion, List<NewConfigEvent> events)
      throws VersionConflictException {
    if (!ConfigStore.isValidStream(stream)) {
      throw new IllegalArgumentException("invalid stream name '" + stream + "'");
    }
    List<ConfigEvent> s = streams.computeIfAbsent(stream, k -> new ArrayList<>());
    if (s.size() != expectedVersion) {
      throw new VersionConflictException(stream, expectedVersion, s.size());
    }
    for (NewConfigEvent n : events) {
      ConfigEvent e = new ConfigEvent(stream, s.size() + 1, n.type(), n.tenant(), n.actor(), n.at(), n.data());
      s.add(e);
      all.add(e);
    }
    if (s.isEmpty()) {
      streams.remove(stream);
    }
    return expectedVersion + events.size();
  }

  @Override
  public synchronized List<ConfigEvent> read(String stream) {
    if (!ConfigStore.isValidStream(stream)) {
      throw new IllegalArgumentException("invalid stream name '" + stream + "'");
    }
    return List.copyOf(streams.getOrDefault(stream, List.of()));
  }

  @Override
  public synchronized List<String> streams(String prefix) {
    return streams.keySet().stream().filter(s -> s.startsWith(prefix)).toList();
  }

  @Override
  public synchronized List<ConfigEvent> history(TenantId tenant, Instant from, Instant to) {
    return all.stream().filter(e -> (tenant == null || tenant.equals(e.tenant())) && !e.at().isBefore(from)
        && e.at().isBefore(to)).sorted(Comparator.comparing(ConfigEvent::at)).toList();
  }

  @Override
  public void close() {
  }
}
