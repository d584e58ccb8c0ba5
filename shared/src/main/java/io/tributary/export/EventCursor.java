package io.tributary.export;

import io.tributary.event.LogEvent;
import java.io.IOException;

/** Events handed out one at a time, by (time, id) ascending, pulled as the export writes. Not thread-safe. */
interface EventCursor extends AutoCloseable {

  /** The next event, or null once there are no more. */
  LogEvent next() throws IOException;

  /** Lets go of what the cursor holds (open files, pages); idempotent. */
  @Override
  void close() throws IOException;

  /** (time, id) ascending: the order of an export. */
  static int compare(LogEvent a, LogEvent b) {
    int c = Long.compare(a.timeNanos(), b.timeNanos());
    return c != 0 ? c : a.id().compareTo(b.id());
  }

  EventCursor EMPTY = new EventCursor() {
    @Override
    public LogEvent next() {
      return null;
    }

    @Override
    public void close() {
    }
  };
}
