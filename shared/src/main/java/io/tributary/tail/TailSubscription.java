package io.tributary.tail;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.query.LogFilter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One live tail: the events of its tenant that its filter matches, as they are stored, waiting in a
 * bounded queue for the reader. When the queue is full the subscription is dropped with {@link
 * TailReasons#SLOW_READER} instead of making the publisher wait. Thread-safe: one publisher thread
 * or several, one reader.
 */
public final class TailSubscription implements AutoCloseable {

  private final TailHub hub;
  private final TenantId tenant;
  private final LogFilter filter;
  private final ArrayBlockingQueue<LogEvent> queue;
  private volatile String dropped;
  private volatile Runnable wake = () -> { };

  TailSubscription(TailHub hub, TenantId tenant, LogFilter filter, int capacity) {
    this.hub = hub;
    this.tenant = tenant;
    this.filter = filter;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  public TenantId tenant() {
    return tenant;
  }

  /** Called (from a publisher's thread; it must not block) whenever an event arrives or the tail is dropped. */
  public void onReady(Runnable r) {
    this.wake = r;
    if (!queue.isEmpty() || dropped != null) {
      r.run();
    }
  }

  /** Publisher side: queues {@code e} if it matches; never blocks. */
  void offer(LogEvent e) {
    if (dropped != null || !filter.matches(e)) {
      return;
    }
    if (queue.offer(e)) {
      wake.run();
    } else {
      drop(TailReasons.SLOW_READER);
    }
  }

  /** Ends the tail with {@code reason}; the reader sees it once the queue is drained. */
  public void drop(String reason) {
    if (dropped == null) {
      dropped = reason;
      hub.remove(this);
      // What waits would only delay the farewell: the reader is told at once that it missed events.
      queue.clear();
      wake.run();
    }
  }

  /** The next waiting event, or null. */
  public LogEvent poll() {
    return queue.poll();
  }

  /** The next event, waiting at most {@code timeoutNanos}; null when none came or the tail is dropped. */
  public LogEvent poll(long timeoutNanos) throws InterruptedException {
    return dropped != null ? queue.poll() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /** Why the tail was dropped, or null while it is live. */
  public String dropped() {
    return dropped;
  }

  /** Unsubscribes (the reader went away); idempotent. */
  @Override
  public void close() {
    if (dropped == null) {
      dropped = "closed";
    }
    hub.remove(this);
    queue.clear();
  }
}
