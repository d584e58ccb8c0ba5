package io.tributary.http;

/**
 * A response body that a streaming host writes as it comes (chunked), instead of one byte array:
 * the body of an {@code HttpResponseMessage} a function returns when its request {@code streams
 * responses}. The host calls {@link #start} once, then {@link #next} from one thread at a time
 * whenever it was woken or its tick came, writing each frame until {@code next} returns null; it
 * ends the response once {@link #finished()} and calls {@link #close()} when the response ends for
 * any reason (the client went away included). Nothing here blocks.
 */
public interface EventStream extends AutoCloseable {

  /** Begins; {@code wake} is called (from any thread, cheaply) whenever a frame may be ready. */
  void start(Runnable wake);

  /** The next frame ready at {@code nowNanos} (a heartbeat when one is due), or null for none now. */
  byte[] next(long nowNanos);

  /** True once the last frame was taken: the host ends the response. */
  boolean finished();

  /**
   * True when the stream failed part-way and must not look complete: the host closes the
   * connection without the response's proper end (no last chunk), so the client sees a cut-off
   * transfer rather than a short body it could take for the whole. False by default.
   */
  default boolean aborted() {
    return false;
  }

  /** How often the host should call {@link #next} unprompted, in nanoseconds (for heartbeats). */
  long tickNanos();

  /** How long the host lets the connection stay unwritable (the client not reading) before {@link #stall}. */
  long stallNanos();

  /** Ends the stream because the reader is too slow; the next {@link #next} gives the farewell frame. */
  void stall(String reason);

  /** Releases what the stream holds (its subscription); idempotent. */
  @Override
  void close();
}
