package io.tributary.tail;

import io.tributary.event.LogEvent;
import io.tributary.http.EventStream;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One tail as SSE frames: first {@code retry:}, then the events {@code since=} replayed from the
 * store (oldest first), then the live events, skipping those the replay already gave (the store
 * query ran after the subscription began, so the seam has no gap, and the ids remove the overlap);
 * a heartbeat when quiet; {@code event: dropped} last when the tail was dropped. One reader thread.
 */
public final class TailStream implements EventStream {

  static final long RETRY_MILLIS = 1000;

  private final TailSubscription subscription;
  private final List<LogEvent> replay;
  private final Set<String> replayed;
  private final long heartbeatNanos;
  private final long stallNanos;
  private final String resumeFrom;
  private int replayAt;
  private boolean greeted;
  private boolean finished;
  private long lastFrameNanos;
  private String lastId;

  /**
   * @param replay stored events after {@code since}, oldest first (empty without {@code since})
   * @param resumeFrom what a buffered answer without events gives as its {@code id:} (the {@code since} it was
   *     called with, or the time of the call), so that the next call resumes there
   */
  TailStream(TailSubscription subscription, List<LogEvent> replay, long heartbeatNanos, long stallNanos,
      String resumeFrom, long nowNanos) {
    this.stallNanos = stallNanos;
    this.subscription = subscription;
    this.replay = replay;
    this.replayed = new HashSet<>();
    for (LogEvent e : replay) {
      replayed.add(e.id());
    }
    this.heartbeatNanos = heartbeatNanos;
    this.resumeFrom = resumeFrom;
    this.lastFrameNanos = nowNanos;
  }

  @Override
  public void start(Runnable wake) {
    subscription.onReady(wake);
  }

  @Override
  public byte[] next(long nowNanos) {
    if (finished) {
      return null;
    }
    byte[] frame = take(nowNanos);
    if (frame != null) {
      lastFrameNanos = nowNanos;
    }
    return frame;
  }

  private byte[] take(long nowNanos) {
    if (!greeted) {
      greeted = true;
      return TailFrames.retry(RETRY_MILLIS);
    }
    if (replayAt < replay.size()) {
      LogEvent e = replay.get(replayAt++);
      lastId = e.id();
      return TailFrames.log(e);
    }
    LogEvent e;
    while ((e = subscription.poll()) != null) {
      if (!replayed.contains(e.id())) {
        lastId = e.id();
        return TailFrames.log(e);
      }
    }
    String reason = subscription.dropped();
    if (reason != null) {
      finished = true;
      subscription.close();
      return TailFrames.dropped(reason);
    }
    if (nowNanos - lastFrameNanos >= heartbeatNanos) {
      return TailFrames.HEARTBEAT;
    }
    return null;
  }

  /**
   * The buffered form (hosts that cannot stream, such as the Azure Functions Java worker): the
   * frames ready within {@code windowNanos}, waiting for live events until then, ending with an
   * {@code id:} to resume from when no event came; the subscription is closed when this returns.
   */
  public byte[] collect(long windowNanos, LongSupplier nanoTime) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    long end = nanoTime.getAsLong() + windowNanos;
    try {
      while (!finished) {
        byte[] f;
        while ((f = next(nanoTime.getAsLong())) != null) {
          if (f != TailFrames.HEARTBEAT) {
            out.writeBytes(f);
          }
        }
        long left = end - nanoTime.getAsLong();
        if (finished || left <= 0) {
          break;
        }
        LogEvent e = subscription.poll(left);
        if (e != null && !replayed.contains(e.id())) {
          lastId = e.id();
          out.writeBytes(TailFrames.log(e));
        }
      }
      if (lastId == null && !finished) {
        out.writeBytes(TailFrames.resumeFrom(resumeFrom));
      }
      return out.toByteArray();
    } finally {
      close();
    }
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public long tickNanos() {
    return Math.max(1_000_000L, heartbeatNanos / 2);
  }

  @Override
  public long stallNanos() {
    return stallNanos;
  }

  @Override
  public void stall(String reason) {
    subscription.drop(reason);
  }

  @Override
  public void close() {
    subscription.close();
  }
}
