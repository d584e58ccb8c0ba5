package io.tributary.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A file as a streamed response body, a chunk of {@link #CHUNK_BYTES} at a time as the connection
 * can take it, so a file of any size costs one chunk of memory. Each chunk is read when the host
 * asks for it: a short read of a local file, not a wait on anything remote. A read that fails
 * part-way {@linkplain #aborted aborts} the response (a cut-off transfer, never a short file that
 * looks whole); so does a reader that takes nothing for {@link #STALL_NANOS}.
 */
public final class FileStream implements EventStream {

  /** The most one chunk holds. */
  public static final int CHUNK_BYTES = 64 << 10;
  /** How long a reader may take nothing before the transfer is given up. */
  static final long STALL_NANOS = TimeUnit.MINUTES.toNanos(2);

  private final FileChannel channel;
  private boolean finished;
  private boolean aborted;

  private FileStream(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens {@code file} for reading; the stream closes it when the response ends. */
  public static FileStream open(Path file) throws IOException {
    return new FileStream(FileChannel.open(file, StandardOpenOption.READ));
  }

  @Override
  public void start(Runnable wake) {
    wake.run();
  }

  @Override
  public synchronized byte[] next(long nowNanos) {
    if (finished || aborted) {
      return null;
    }
    try {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES);
      int n = channel.read(buf);
      if (n < 0) {
        finished = true;
        close();
        return null;
      }
      return n == CHUNK_BYTES ? buf.array() : Arrays.copyOf(buf.array(), n);
    } catch (IOException | UncheckedIOException e) {
      aborted = true;
      close();
      return null;
    }
  }

  @Override
  public synchronized boolean finished() {
    return finished || aborted;
  }

  @Override
  public synchronized boolean aborted() {
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
  public synchronized void stall(String reason) {
    aborted = true;
    close();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written through it; closing a read channel cannot lose anything.
    }
  }
}
