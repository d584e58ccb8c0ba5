package io.tributary.local.journal;

import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One partition of the journal: a chain of segment files. Appends are serialised by a lock and
 * written with one positional write per publish; durability comes later from the journal's
 * group-commit thread, which alone forces segment files and completes every waiter the fsync
 * covered. Readers see only durable records.
 *
 * <p><b>Failing closed.</b> When a write or an fsync fails, the bytes not yet known durable are of
 * unknown state (after a failed fsync Linux may mark the dirty pages clean, so a later fsync would
 * "succeed" without them). The partition then fails closed: every waiter fails, no later fsync may
 * mark those bytes durable, and appends fail at once. After a back-off the group-commit thread
 * recovers the partition from its files: it cuts every segment back to the last offset a
 * successful fsync covered (only unacknowledged bytes lie beyond it, and no reader has seen them),
 * forces the cut, checks the records of the last segment from disk, and reopens for appends. Should
 * that fail too, the partition stays closed and tries again later; a restart recovers the same way.
 */
final class JournalPartition {

  private static final Logger LOG = Logger.getLogger(JournalPartition.class.getName());

  final int id;
  private final Path dir;
  private final long segmentBytes;
  private final Fsync fsync;
  private final long recoveryBackoffNanos;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition durableAdvanced = lock.newCondition();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  /** Guarded by lock. */
  private Segment active;
  /** Next offset to write. Guarded by lock. */
  private long end;
  /** Everything below is on disk. Written under lock. */
  private volatile long durable;
  /** Why the partition is failed closed, or null. Written under lock. */
  private volatile IOException failure;
  /** When the next recovery may be tried (System.nanoTime). Guarded by lock. */
  private long recoverAfterNanos;

  private record Waiter(long offset, CompletableFuture<Void> future) {
  }

  JournalPartition(int id, Path dir, long segmentBytes, Fsync fsync, long recoveryBackoffNanos) throws IOException {
    this.id = id;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    this.recoveryBackoffNanos = recoveryBackoffNanos;
    DurableFiles.createDirectories(dir);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
    for (Path f : files) {
      long base = Long.parseLong(f.getFileName().toString().replace(".log", ""));
      FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
      segments.put(base, new Segment(base, f, ch, ch.size()));
    }
    if (segments.isEmpty()) {
      active = newSegment(0);
    } else {
      active = segments.lastEntry().getValue();
      recoverTail(active);
      // What the last run wrote may still sit in the page cache only (a killed process leaves it
      // there); it becomes durable now, before any reader sees it or any checkpoint passes it.
      fsync.force(active.path, active.channel);
      DurableFiles.fsyncDirectory(dir);
    }
    end = active.end();
    durable = end;
  }

  /** Drops a torn or damaged tail of the segment: everything from the first bad record on. */
  private void recoverTail(Segment s) throws IOException {
    long pos = 0;
    long size = s.channel.size();
    ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
    while (pos + RecordFormat.HEADER <= size) {
      header.clear();
      readFully(s.channel, header, pos);
      header.flip();
      int len = header.getInt();
      int crc = header.getInt();
      if (len <= 0 || len > RecordFormat.MAX_PAYLOAD || pos + RecordFormat.HEADER + len > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(len);
      readFully(s.channel, payload, pos + RecordFormat.HEADER);
      payload.flip();
      if (RecordFormat.crc(payload) != crc) {
        break;
      }
      pos += RecordFormat.HEADER + len;
    }
    if (pos != size) {
      LOG.warning("journal partition " + id + ": truncating " + (size - pos) + " bytes of torn tail in "
          + s.path.getFileName() + " at byte " + pos);
      s.channel.truncate(pos);
    }
    s.size = pos;
  }

  private Segment newSegment(long base) throws IOException {
    Path p = dir.resolve(Segment.fileName(base));
    FileChannel ch = DurableFiles.createAppendable(p);
    Segment s = new Segment(base, p, ch, 0);
    segments.put(base, s);
    return s;
  }

  /** Writes the payloads as consecutive records; the future completes once they are durable. */
  CompletableFuture<Void> append(List<byte[]> payloads) {
    int total = 0;
    for (byte[] p : payloads) {
      if (p.length == 0 || p.length > RecordFormat.MAX_PAYLOAD) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("record of " + p.length + " bytes"));
      }
      total += RecordFormat.HEADER + p.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    for (byte[] p : payloads) {
      RecordFormat.write(buf, p);
    }
    buf.flip();
    CompletableFuture<Void> f = new CompletableFuture<>();
    lock.lock();
    try {
      if (failure != null) {
        f.completeExceptionally(closedBy(failure));
        return f;
      }
      long at = active.size;
      try {
        while (buf.hasRemaining()) {
          at += active.channel.write(buf, at);
        }
      } catch (IOException e) {
        // Part of the records may be in the file: nothing after the durable end can be trusted.
        active.size = at;
        end = active.end();
        waiters.add(new Waiter(end, f));
        failClosed(e);
        return f;
      }
      active.size = at;
      end = active.end();
      waiters.add(new Waiter(end, f));
      // A full segment is sealed by the syncer, after forcing it (see sync).
    } finally {
      lock.unlock();
    }
    return f;
  }

  private IOException closedBy(IOException cause) {
    return new IOException("journal partition " + id + " is failed closed after a disk error ("
        + cause.getMessage() + "); it recovers from its files shortly", cause);
  }

  /** Fails the partition closed: under lock. */
  private void failClosed(IOException cause) {
    if (failure == null) {
      LOG.log(Level.SEVERE, "journal partition " + id + ": disk error; failing closed at durable offset " + durable
          + " (" + (end - durable) + " bytes not durable are dropped at recovery)", cause);
    }
    failure = cause;
    recoverAfterNanos = System.nanoTime() + recoveryBackoffNanos;
    IOException closed = closedBy(cause);
    Waiter w;
    while ((w = waiters.poll()) != null) {
      w.future.completeExceptionally(closed);
    }
    durableAdvanced.signalAll();
  }

  /** True when there is written data that is not yet known durable, or a failure to recover from. */
  boolean dirty() {
    return durable < end && failure == null;
  }

  /** True while the partition is failed closed. */
  boolean failed() {
    return failure != null;
  }

  /**
   * One group-commit round for this partition. Only the journal's syncer thread calls it, so no
   * two fsyncs of a partition overlap and none can succeed on bytes an earlier one failed on:
   * recover when failed and due; else fsync what is written, release the waiters it covers, and
   * seal a full segment (forced whole first, so a sealed segment is never torn).
   */
  void sync() {
    Segment s;
    long target;
    lock.lock();
    try {
      if (failure != null) {
        if (System.nanoTime() - recoverAfterNanos >= 0) {
          recover();
        }
        return;
      }
      if (durable >= end && active.size < segmentBytes) {
        return;
      }
      s = active;
      target = end;
    } finally {
      lock.unlock();
    }
    IOException failed = null;
    try {
      fsync.force(s.path, s.channel);
    } catch (IOException e) {
      failed = e;
    }
    lock.lock();
    try {
      if (failed != null) {
        failClosed(failed);
        return;
      }
      // A write that failed meanwhile leaves bytes below target that this fsync may not vouch for.
      if (failure != null) {
        return;
      }
      markDurable(target);
      if (active.size >= segmentBytes) {
        // Appends wait for this one fsync of what they wrote since, then go to the next segment.
        fsync.force(active.path, active.channel);
        markDurable(active.end());
        active = newSegment(active.end());
      }
    } catch (IOException e) {
      failClosed(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reopens a failed partition from its files: cuts everything beyond the durable end, forces the
   * cut, and checks the last segment's records from disk. Under lock; on failure stays closed.
   */
  private void recover() {
    try {
      // Segments are sealed only once forced whole, so only the last can hold undurable bytes.
      Map.Entry<Long, Segment> keep = segments.floorEntry(durable);
      for (Segment later : List.copyOf(segments.tailMap(keep.getKey(), false).values())) {
        segments.remove(later.base);
        later.close();
        DurableFiles.delete(later.path);
      }
      // A segment file a failed roll created but never took into use holds nothing durable either.
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
          if (Long.parseLong(f.getFileName().toString().replace(".log", "")) > keep.getKey()) {
            DurableFiles.delete(f);
          }
        }
      }
      Segment s = keep.getValue();
      s.channel.truncate(durable - s.base);
      fsync.force(s.path, s.channel);
      DurableFiles.fsyncDirectory(dir);
      recoverTail(s);
      if (s.end() != durable) {
        throw new IOException("records below the durable end " + durable + " do not read back (the segment ends at "
            + s.end() + ")");
      }
      active = s;
      end = durable;
      failure = null;
      LOG.warning("journal partition " + id + ": recovered from its files at offset " + durable + "; appends resume");
    } catch (IOException | RuntimeException e) {
      recoverAfterNanos = System.nanoTime() + recoveryBackoffNanos;
      LOG.log(Level.SEVERE, "journal partition " + id + ": recovery failed; it stays closed and tries again", e);
    }
  }

  /** Fails every waiter: the journal is closing. */
  void failWaiters(Throwable cause) {
    lock.lock();
    try {
      Waiter w;
      while ((w = waiters.poll()) != null) {
        w.future.completeExceptionally(cause);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under lock. */
  private void markDurable(long upTo) {
    if (upTo > durable) {
      durable = upTo;
    }
    while (!waiters.isEmpty() && waiters.peek().offset <= durable) {
      waiters.poll().future.complete(null);
    }
    durableAdvanced.signalAll();
  }

  long durableEnd() {
    return durable;
  }

  long startOffset() {
    Map.Entry<Long, Segment> first = segments.firstEntry();
    return first == null ? 0 : first.getKey();
  }

  /**
   * The offset a checkpoint read at open may resume from: itself when it is a record boundary
   * within the partition, the end when it lies past it (the records it counted were lost, and
   * what is written next must not be skipped), else the record boundary before it. Before any
   * append.
   */
  long validCheckpoint(long offset) throws IOException {
    if (offset >= durable) {
      return durable;
    }
    Map.Entry<Long, Segment> e = segments.floorEntry(offset);
    if (e == null) {
      return offset; // before the first segment: readers start at the start offset anyway
    }
    Segment s = e.getValue();
    long pos = s.base;
    ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
    while (pos < offset) {
      header.clear();
      readFully(s.channel, header, pos - s.base);
      header.flip();
      long next = pos + RecordFormat.HEADER + header.getInt();
      if (next > offset) {
        break;
      }
      pos = next;
    }
    return pos;
  }

  /** Waits until more than {@code offset} is durable, or the timeout passes. */
  boolean awaitBeyond(long offset, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long left = timeoutNanos;
      while (durable <= offset && left > 0) {
        left = durableAdvanced.awaitNanos(left);
      }
      return durable > offset;
    } finally {
      lock.unlock();
    }
  }

  void wakeReaders() {
    lock.lock();
    try {
      durableAdvanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Durable records from {@code offset} on, about {@code maxBytes} of them (at least one when any
   * is there). {@code offset} must be a record boundary.
   */
  List<io.tributary.eventlog.LogRecord> read(long offset, int maxBytes) throws IOException {
    List<io.tributary.eventlog.LogRecord> out = new ArrayList<>();
    long pos = Math.max(offset, startOffset());
    long limit = durable;
    int bytes = 0;
    ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
    while (pos < limit && (out.isEmpty() || bytes < maxBytes)) {
      Map.Entry<Long, Segment> e = segments.floorEntry(pos);
      if (e == null) {
        break;
      }
      Segment s = e.getValue();
      long local = pos - s.base;
      if (local >= s.size) {
        Long next = segments.higherKey(s.base);
        if (next == null) {
          break;
        }
        pos = next;
        continue;
      }
      header.clear();
      readFully(s.channel, header, local);
      header.flip();
      int len = header.getInt();
      int crc = header.getInt();
      if (len <= 0 || len > RecordFormat.MAX_PAYLOAD) {
        throw new IOException("journal partition " + id + " damaged at offset " + pos + " (length " + len + ")");
      }
      byte[] payload = new byte[len];
      readFully(s.channel, ByteBuffer.wrap(payload), local + RecordFormat.HEADER);
      if (RecordFormat.crc(payload, 0, len) != crc) {
        throw new IOException("journal partition " + id + " damaged at offset " + pos + " (CRC mismatch)");
      }
      long next = pos + RecordFormat.HEADER + len;
      out.add(new io.tributary.eventlog.LogRecord(id, pos, next, payload));
      bytes += len;
      pos = next;
    }
    return out;
  }

  /** Deletes sealed segments that end at or before {@code offset}. */
  void deleteBefore(long offset) throws IOException {
    for (Map.Entry<Long, Segment> e : segments.entrySet()) {
      Segment s = e.getValue();
      lock.lock();
      boolean sealed;
      try {
        sealed = s != active;
      } finally {
        lock.unlock();
      }
      if (!sealed || s.end() > offset) {
        break;
      }
      segments.remove(e.getKey());
      s.close();
      DurableFiles.delete(s.path);
    }
  }

  int segmentCount() {
    return segments.size();
  }

  void close() throws IOException {
    try {
      if (failure == null) {
        sync();
      }
    } finally {
      for (Segment s : segments.values()) {
        s.close();
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of journal segment at " + pos);
      }
      pos += n;
    }
  }

}
