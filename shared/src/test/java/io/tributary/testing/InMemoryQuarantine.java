package io.tributary.testing;

import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantinedFrame;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link Quarantine} in memory, for tests of what uses one. */
public final class InMemoryQuarantine implements Quarantine {

  private final ConcurrentSkipListMap<QuarantineKey, QuarantinedFrame> frames = new ConcurrentSkipListMap<>();

  @Override
  public boolean put(QuarantinedFrame frame) {
    return frames.putIfAbsent(frame.key(), frame) == null;
  }

  @Override
  public List<QuarantineEntry> list() {
    return frames.values().stream().map(QuarantinedFrame::entry).toList();
  }

  @Override
  public Optional<QuarantinedFrame> get(QuarantineKey key) {
    return Optional.ofNullable(frames.get(key));
  }

  @Override
  public boolean remove(QuarantineKey key) {
    return frames.remove(key) != null;
  }

  @Override
  public void close() {
  }
}
