package io.tributary.local.journal;

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
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One partition of the journal: a chain of segment files. Appends are serialised by a lock and
 * written with one positional write per publish; durability comes later from the journal's
 * group-commit thread, which forces the file and completes every waiter the fsync covered.
 * Readers see only durable records.
 */
final class JournalPartition {

  private static final Logger LOG = Logger.getLogger(JournalPartition.class.getName());

  final int id;
  private final Path dir;
  private final long segmentBytes;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition durableAdvanced = lock.newCondition();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private Segment active;
  /** Next offset to write. Guarded by lock. */
  private long end;
  /** Everything below is on disk. Written under lock. */
  private volatile long durable;

  private record Waiter(long offset, CompletableFuture<Void> future) {
  }

  JournalPartition(int id, Path dir, long segmentBytes) throws IOException {
    this.id = id;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    Files.createDirectories(dir);
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
    }
    end = active.end();
    durable = end;
  }

  /** Drops a torn or damaged tail of the last segment: everything from the first bad record on. */
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
      s.channel.force(true);
    }
    s.size = pos;
  }

  private Segment newSegment(long base) throws IOException {
    Path p = dir.resolve(Segment.fileName(base));
    FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment s = new Segment(base, p, ch, ch.size());
    segments.put(base, s);
    Journal.forceDirectory(dir);
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
      long at = active.size;
      while (buf.hasRemaining()) {
        at += active.channel.write(buf, at);
      }
      active.size = at;
      end = active.end();
      waiters.add(new Waiter(end, f));
      if (active.size >= segmentBytes) {
        roll();
      }
    } catch (IOException e) {
      f.completeExceptionally(e);
    } finally {
      lock.unlock();
    }
    return f;
  }

  /** Seals the active segment (forcing it) and starts the next. Under lock. */
  private void roll() throws IOException {
    active.channel.force(false);
    markDurable(active.end());
    active = newSegment(active.end());
  }

  /** True when there is written data that is not yet known durable. */
  boolean dirty() {
    return durable < end;
  }

  /** One group-commit round for this partition: fsync what is written, then release waiters. */
  void sync() throws IOException {
    Segment s;
    long target;
    lock.lock();
    try {
      if (durable >= end) {
        return;
      }
      s = active;
      target = end;
    } finally {
      lock.unlock();
    }
    s.channel.force(false);
    lock.lock();
    try {
      markDurable(target);
    } finally {
      lock.unlock();
    }
  }

  /** Fails every waiter: the journal is closing or its disk failed. */
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
      Files.deleteIfExists(s.path);
    }
  }

  int segmentCount() {
    return segments.size();
  }

  void close() throws IOException {
    sync();
    for (Segment s : segments.values()) {
      s.close();
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
