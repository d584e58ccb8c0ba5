package io.tributary.export;

import io.tributary.http.EventStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link Export} as a streamed response body. A producer thread pulls chunks (which reads the
 * store and the archive: blocking work kept off the host's event loop) into a queue of
 * {@link #QUEUE_CHUNKS}; the host takes them as the connection can write, so a slow reader slows
 * the producer and memory stays at a few chunks. A failure part-way {@linkplain #aborted aborts}
 * the response, so the client sees a cut-off transfer, never a short file that looks whole; so does
 * a reader that takes nothing for {@link #STALL_NANOS}.
 */
public final class ExportStream implements EventStream {

  /** Chunks written ahead of the reader. */
  static final int QUEUE_CHUNKS = 4;
  /** How long a reader may take nothing before the export is given up. */
  static final long STALL_NANOS = TimeUnit.MINUTES.toNanos(2);

  private static final Logger LOG = Logger.getLogger(ExportStream.class.getName());
  private static final byte[] END = new byte[0];
  private static final byte[] FAILED = new byte[0];

  private final Export export;
  private final ExecutorService producers;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private volatile boolean closed;
  private volatile boolean started;
  private volatile boolean finished;
  private volatile boolean aborted;

  ExportStream(Export export, ExecutorService producers) {
    this.export = export;
    this.producers = producers;
  }

  /** The export this streams (its counts). */
  public Export export() {
    return export;
  }

  @Override
  public void start(Runnable wake) {
    started = true;
    try {
      producers.execute(() -> produce(wake));
    } catch (RejectedExecutionException e) {
      export.close();
      aborted = true;
      wake.run();
    }
  }

  private void produce(Runnable wake) {
    byte[] last = END;
    try {
      byte[] chunk;
      while (!closed && (chunk = export.nextChunk()) != null) {
        if (!put(chunk, wake)) {
          return;
        }
      }
    } catch (Exception | Error e) {
      if (!closed) {
        LOG.log(Level.WARNING, "export " + export.fileName() + " failed after " + export.events() + " events", e);
      }
      last = FAILED;
    } finally {
      export.close();
    }
    put(last, wake);
  }

  /** Queues a chunk, waiting while the reader is behind; false once the stream was closed. */
  private boolean put(byte[] chunk, Runnable wake) {
    try {
      while (!closed) {
        if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          wake.run();
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public byte[] next(long nowNanos) {
    if (finished || aborted) {
      return null;
    }
    byte[] chunk = queue.poll();
    if (chunk == END) {
      finished = true;
      return null;
    }
    if (chunk == FAILED) {
      aborted = true;
      return null;
    }
    return chunk;
  }

  @Override
  public boolean finished() {
    return finished || aborted;
  }

  @Override
  public boolean aborted() {
    return aborted;
  }

  @Override
  public long tickNanos() {
    return TimeUnit.SECONDS.toNanos(1);
  }

  @Override
  public long stallNanos() {
    return STALL_NANOS;
  }

  @Override
  public void stall(String reason) {
    aborted = true;
  }

  @Override
  public void close() {
    closed = true;
    queue.clear();
    if (!started) {
      export.close();
    }
  }
}
