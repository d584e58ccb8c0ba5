package io.tributary.retention;

import io.tributary.event.LogEvent;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * A snapshot of one tenant's day in a {@link HotStoreDays} store: the parts (blocks) it held when
 * it was taken. Reading it gives every stored copy of its events; dropping or rewriting it touches
 * only those parts, never one written after the snapshot (a part a background merge replaced
 * meanwhile is left to the merge: nothing is lost, and a later run finds the merged part). Not
 * thread-safe; use it from one thread.
 */
public interface StoredDay {

  /** Receives the events of a snapshot. */
  @FunctionalInterface
  interface EventSink {
    void accept(LogEvent event) throws IOException;
  }

  /** The snapshot's day, since the epoch (UTC). */
  long day();

  /** Hands every stored copy of the snapshot's events to {@code sink}, part by part. */
  void forEach(EventSink sink) throws IOException;

  /**
   * Removes the snapshot's parts. Durable when this returns; a crash part-way leaves some parts,
   * which a second drop removes.
   *
   * @return the number of parts removed
   */
  int drop() throws IOException;

  /**
   * Replaces the snapshot's parts by their events that {@code keep} accepts: the new part is
   * written and made durable before the old ones are removed, and a crash in between leaves the new
   * part in force (the old ones are removed at the next start), so that the events not kept are
   * never found again once this returns, and a crash never loses one that was kept.
   *
   * @return the number of stored copies removed
   */
  long rewrite(Predicate<LogEvent> keep) throws IOException;
}
