package io.tributary.export;

import io.tributary.event.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One export under way: pulls events in order from its sources and writes them in its format, a
 * chunk at a time ({@link #nextChunk}), holding one chunk, one page of the store, one archive
 * segment (or run heads) and the CSV look-ahead — never the whole result. Opened by
 * {@link ExportService#open}; its sources are opened by the first {@link #nextChunk} (so a host
 * can answer the head first). Not thread-safe: one thread pulls; {@link #events()} and
 * {@link #bytes()} may be read from any.
 */
public final class Export implements AutoCloseable {

  /** Bytes a chunk holds at least, unless it is the last. */
  public static final int CHUNK_BYTES = 64 << 10;
  /** Events written between two looks at the chunk's size. */
  private static final int FLUSH_EVERY = 32;

  /** Opens the sources of an export when it starts. */
  @FunctionalInterface
  interface Sources {
    EventCursor open() throws IOException;
  }

  /** Opens the writer of an export when it starts. */
  @FunctionalInterface
  interface Writers {
    ExportWriter open(ByteArrayOutputStream out) throws IOException;
  }

  private final ExportRequest request;
  private final String fileName;
  private final Sources sources;
  private final Runnable release;
  private final Writers writers;
  private final long maxEvents;
  private volatile io.tributary.query.Position last;
  private volatile long firstTime = Long.MIN_VALUE;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK_BYTES + (CHUNK_BYTES >> 2));
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private EventCursor cursor;
  private ExportWriter writer;
  private boolean finished;
  private boolean closed;

  Export(ExportRequest request, String fileName, Sources sources, Runnable release) {
    this(request, fileName, sources, release, out -> ExportWriter.of(request.format(), request.fields(), out),
        Long.MAX_VALUE);
  }

  /** @param maxEvents most events to write (a part of a job), after which the export ends */
  Export(ExportRequest request, String fileName, Sources sources, Runnable release, Writers writers, long maxEvents) {
    this.request = request;
    this.fileName = fileName;
    this.sources = sources;
    this.release = release;
    this.writers = writers;
    this.maxEvents = maxEvents;
  }

  /** The (time, id) of the last event written, or null before the first. */
  public io.tributary.query.Position last() {
    return last;
  }

  /** The time of the first event written, or {@code Long.MIN_VALUE} before it. */
  public long firstTime() {
    return firstTime;
  }

  /** Whether the export ended because it wrote its most events (more may match after {@link #last}). */
  public boolean stoppedAtMax() {
    return finished && events.get() >= maxEvents;
  }

  /** The CSV columns once chosen (a part passes them on to the next); null for other formats. */
  public java.util.List<String> columns() {
    return writer == null ? null : writer.columns();
  }

  public ExportRequest request() {
    return request;
  }

  /** The file name to offer ({@code Content-Disposition}): tenant, range and the format's extension. */
  public String fileName() {
    return fileName;
  }

  /** Events written so far. */
  public long events() {
    return events.get();
  }

  /** Bytes handed out so far. */
  public long bytes() {
    return bytes.get();
  }

  /**
   * The next chunk of the output ({@link #CHUNK_BYTES} or more, less only for the last), or null
   * once everything was handed out.
   */
  public byte[] nextChunk() throws IOException {
    if (closed) {
      throw new IOException("the export was closed");
    }
    if (finished) {
      return null;
    }
    if (cursor == null) {
      cursor = sources.open();
      writer = writers.open(buffer);
    }
    int written = 0;
    while (true) {
      LogEvent e = events.get() >= maxEvents ? null : cursor.next();
      if (e == null) {
        writer.finish();
        finished = true;
        cursor.close();
        break;
      }
      writer.write(e);
      if (events.incrementAndGet() == 1) {
        firstTime = e.timeNanos();
      }
      last = new io.tributary.query.Position(e.timeNanos(), e.id());
      // The writer's own buffer is pushed now and then, not per event: a chunk may pass the size by a few events.
      if (++written % FLUSH_EVERY == 0) {
        writer.flush();
        if (buffer.size() >= CHUNK_BYTES) {
          break;
        }
      }
    }
    byte[] chunk = buffer.toByteArray();
    buffer.reset();
    bytes.addAndGet(chunk.length);
    return chunk.length == 0 && finished ? null : chunk;
  }

  /** Ends the export (finished or not): closes its sources, deletes its run files, frees its place. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (cursor != null) {
        cursor.close();
      }
    } catch (IOException e) {
      // Run files left behind are removed when the service starts again.
    } finally {
      release.run();
    }
  }
}
