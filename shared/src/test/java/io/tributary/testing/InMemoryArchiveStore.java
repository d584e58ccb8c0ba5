package io.tributary.testing;

import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An {@link ArchiveStore} in memory, by segment name; for tests of what reads the archive. */
public final class InMemoryArchiveStore implements ArchiveStore {

  private final Map<SegmentKey, byte[]> segments = new ConcurrentSkipListMap<>();

  @Override
  public boolean append(SegmentKey key, byte[] content) {
    return segments.putIfAbsent(key, content.clone()) == null;
  }

  @Override
  public List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) {
    List<SegmentKey> out = new ArrayList<>();
    for (SegmentKey k : segments.keySet()) {
      if (k.tenant().equals(tenant) && k.hour() >= fromHour && k.hour() <= toHour) {
        out.add(k);
      }
    }
    return out;
  }

  @Override
  public boolean delete(SegmentKey key) {
    return segments.remove(key) != null;
  }

  @Override
  public Optional<byte[]> get(SegmentKey key) {
    return Optional.ofNullable(segments.get(key));
  }

  @Override
  public void close() {
  }
}
