package io.tributary.export;

import io.tributary.archive.ArchiveReader;
import io.tributary.archive.ArchiveStore;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EventCodec;
import io.tributary.query.LogFilter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The archive's matching events sorted by (time, id), with bounded memory: the archive is kept by
 * ingest hour and frame offset, not by event time, so its events are sorted externally — read
 * (one segment decoded at a time), filtered, gathered into runs of {@code runEvents} events that
 * are sorted and, when there is more than one, written to files under a directory of the export's
 * own, then merged (at most {@link #FAN_IN} files open; more runs are merged into longer ones
 * first). Every copy the archive holds is kept, in the order read among equals, so that
 * {@link OrderedMerge} keeps the first.
 *
 * <p>Run files: per event {@code ingestedNanos:i64 seq:i64 length:i32 row} (the row is
 * {@link EventCodec}'s); they live only as long as the export and are deleted by {@link #close}.
 */
final class ArchiveRuns implements EventCursor {

  /** Most run files merged at once. */
  static final int FAN_IN = 64;

  private static final Comparator<Entry> ORDER = (a, b) -> {
    int c = EventCursor.compare(a.event, b.event);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  };

  private record Entry(LogEvent event, long seq) {
  }

  private final TenantId tenant;
  private final Path dir;
  private final List<Path> files = new ArrayList<>();
  /** The sorted events when they fitted one run (no files). */
  private List<Entry> memory;
  private int memoryNext;
  private PriorityQueue<RunReader> heads;
  private final List<RunReader> open = new ArrayList<>();
  private int fileCount;

  private ArchiveRuns(TenantId tenant, Path dir) {
    this.tenant = tenant;
    this.dir = dir;
  }

  /**
   * Reads and sorts {@code tenant}'s archived events of the ingest hours {@code [fromHour, toHour]}
   * that {@code filter} matches and that follow its query's {@code after} (oldest first).
   *
   * @param dir an empty directory of this export's own, for its run files
   */
  static ArchiveRuns sort(ArchiveStore archive, TenantId tenant, long fromHour, long toHour, LogFilter filter,
      Path dir, int runEvents) throws IOException {
    ArchiveRuns runs = new ArchiveRuns(tenant, dir);
    try {
      List<Entry> run = new ArrayList<>();
      long[] seq = {0};
      new ArchiveReader(archive).readEveryCopy(tenant, fromHour, toHour, e -> {
        if (filter.matches(e) && filter.follows(e)) {
          run.add(new Entry(e, seq[0]++));
          if (run.size() >= runEvents) {
            runs.spill(run);
            run.clear();
          }
        }
      });
      run.sort(ORDER);
      if (runs.files.isEmpty()) {
        runs.memory = run;
        return runs;
      }
      if (!run.isEmpty()) {
        runs.spill(run);
      }
      while (runs.files.size() > FAN_IN) {
        List<Path> group = new ArrayList<>(runs.files.subList(0, FAN_IN));
        runs.files.subList(0, FAN_IN).clear();
        runs.files.add(runs.mergeToFile(group));
      }
      runs.heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
      for (Path f : runs.files) {
        RunReader r = new RunReader(f, tenant);
        runs.open.add(r);
        if (r.advance()) {
          runs.heads.add(r);
        }
      }
      return runs;
    } catch (IOException | RuntimeException e) {
      runs.close();
      throw e;
    }
  }

  private void spill(List<Entry> run) throws IOException {
    run.sort(ORDER);
    Path f = dir.resolve("run-" + (fileCount++));
    try (RunWriter w = new RunWriter(f)) {
      for (Entry e : run) {
        w.write(e);
      }
    }
    files.add(f);
  }

  private Path mergeToFile(List<Path> group) throws IOException {
    Path f = dir.resolve("run-" + (fileCount++));
    List<RunReader> readers = new ArrayList<>();
    try (RunWriter w = new RunWriter(f)) {
      PriorityQueue<RunReader> q = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
      for (Path p : group) {
        RunReader r = new RunReader(p, tenant);
        readers.add(r);
        if (r.advance()) {
          q.add(r);
        }
      }
      while (!q.isEmpty()) {
        RunReader r = q.poll();
        w.write(r.head);
        if (r.advance()) {
          q.add(r);
        }
      }
    } finally {
      for (RunReader r : readers) {
        r.close();
      }
    }
    for (Path p : group) {
      Files.deleteIfExists(p);
    }
    return f;
  }

  @Override
  public LogEvent next() throws IOException {
    if (memory != null) {
      return memoryNext < memory.size() ? memory.get(memoryNext++).event : null;
    }
    if (heads == null || heads.isEmpty()) {
      return null;
    }
    RunReader r = heads.poll();
    LogEvent e = r.head.event;
    if (r.advance()) {
      heads.add(r);
    }
    return e;
  }

  @Override
  public void close() throws IOException {
    memory = null;
    heads = null;
    for (RunReader r : open) {
      r.close();
    }
    open.clear();
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
    files.clear();
  }

  private static final class RunWriter implements AutoCloseable {
    private final DataOutputStream out;
    private final ByteWriter row = new ByteWriter(1024);

    RunWriter(Path f) throws IOException {
      out = new DataOutputStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(
          java.nio.channels.FileChannel.open(f, java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE), OwnerOnly.file())), 1 << 16));
    }

    void write(Entry e) throws IOException {
      row.reset();
      EventCodec.write(e.event, row);
      out.writeLong(e.event.ingestedNanos());
      out.writeLong(e.seq);
      out.writeInt(row.size());
      out.write(row.array(), 0, row.size());
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static final class RunReader implements AutoCloseable {
    private final DataInputStream in;
    private final TenantId tenant;
    private byte[] buf = new byte[1024];
    Entry head;

    RunReader(Path f, TenantId tenant) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 13));
      this.tenant = tenant;
    }

    boolean advance() throws IOException {
      long ingested;
      try {
        ingested = in.readLong();
      } catch (EOFException end) {
        head = null;
        return false;
      }
      long seq = in.readLong();
      int len = in.readInt();
      if (buf.length < len) {
        buf = new byte[Math.max(len, buf.length * 2)];
      }
      in.readFully(buf, 0, len);
      head = new Entry(EventCodec.read(new ByteReader(buf, 0, len), tenant, ingested), seq);
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
