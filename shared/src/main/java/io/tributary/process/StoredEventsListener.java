package io.tributary.process;

import io.tributary.event.LogEvent;
import java.util.List;

/**
 * Acts on events once {@link BatchProcessor} stored them (enriched, upserted and archived), such as
 * the live tails. Called on the processing thread: it must return at once and never block; what it
 * throws is logged and ignored. A batch delivered again after a failure may be told again.
 */
@FunctionalInterface
public interface StoredEventsListener {

  StoredEventsListener NONE = events -> { };

  /** {@code events} (of any tenants) were just stored; the list is only valid during the call. */
  void stored(List<LogEvent> events);

  /** Tells each of {@code listeners} in turn; one that throws does not keep the others from being told. */
  static StoredEventsListener all(StoredEventsListener... listeners) {
    List<StoredEventsListener> each = List.of(listeners);
    return events -> {
      RuntimeException first = null;
      for (StoredEventsListener l : each) {
        try {
          l.stored(events);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    };
  }
}
