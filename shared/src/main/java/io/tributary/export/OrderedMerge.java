package io.tributary.export;

import io.tributary.event.LogEvent;
import java.io.IOException;

/**
 * The store's events and the archive's merged by (time, id), each event once: copies of an event
 * (the same time and id) come out next to each other, and only the first is given — the store's
 * when both hold it (what a query returns), else the archive's first copy (the first written).
 */
final class OrderedMerge implements EventCursor {

  private final EventCursor store;
  private final EventCursor archive;
  private LogEvent storeHead;
  private LogEvent archiveHead;
  private boolean started;
  private LogEvent last;

  OrderedMerge(EventCursor store, EventCursor archive) {
    this.store = store;
    this.archive = archive;
  }

  @Override
  public LogEvent next() throws IOException {
    if (!started) {
      storeHead = store.next();
      archiveHead = archive.next();
      started = true;
    }
    while (storeHead != null || archiveHead != null) {
      LogEvent e;
      if (archiveHead == null || (storeHead != null && EventCursor.compare(storeHead, archiveHead) <= 0)) {
        e = storeHead;
        storeHead = store.next();
      } else {
        e = archiveHead;
        archiveHead = archive.next();
      }
      if (last == null || EventCursor.compare(last, e) != 0) {
        last = e;
        return e;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    try {
      store.close();
    } finally {
      archive.close();
    }
  }
}
