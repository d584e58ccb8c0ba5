package io.tributary.local.journal;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local {@link EventLog}: an append-only journal on disk, one folder of segment files per
 * partition, CRC-framed records, group-commit fsync (one syncer thread forces the files and
 * releases every publish the fsync covered, so concurrent requests share fsyncs), per-group
 * checkpoints, deletion of segments every group has passed, and recovery on open that truncates a
 * torn tail.
 *
 * <p>A disk error fails a partition closed (its publishes fail until it has recovered from its
 * files, see {@link JournalPartition}); the others go on. At open, what the last run left in the
 * last segment is fsynced before anything reads it, and every checkpoint is checked against the
 * partition's end: one past it (its records were lost in a machine crash) is brought back to the
 * end, loudly, so the records written next are not skipped.
 *
 * <pre>
 * journal/meta            partition count
 * journal/p-0000/00000000000000000000.log
 * journal/checkpoints/process/p-0000
 * </pre>
 */
public final class Journal implements EventLog {

  private static final Logger LOG = Logger.getLogger(Journal.class.getName());

  private final Path root;
  private final JournalPartition[] partitions;
  private final Checkpoints checkpoints;
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition work = syncLock.newCondition();
  private final Thread syncer;
  private final long recoveryBackoffNanos;
  private volatile boolean closed;
  private volatile boolean pending;

  /** How long a failed partition waits before it tries to recover from its files. */
  static final Duration RECOVERY_BACKOFF = Duration.ofSeconds(1);

  public Journal(Path root, int partitionCount, long segmentBytes) throws IOException {
    this(root, partitionCount, segmentBytes, Fsync.fromSystemProperties(), RECOVERY_BACKOFF);
  }

  Journal(Path root, int partitionCount, long segmentBytes, Fsync fsync, Duration recoveryBackoff) throws IOException {
    this.root = root;
    DurableFiles.createDirectories(root);
    DurableFiles.removeTemporaries(root);
    int count = checkPartitionCount(root, partitionCount);
    this.partitions = new JournalPartition[count];
    for (int i = 0; i < count; i++) {
      partitions[i] = new JournalPartition(i, root.resolve(String.format("p-%04d", i)), segmentBytes, fsync,
          recoveryBackoff.toNanos());
    }
    this.checkpoints = new Checkpoints(root.resolve("checkpoints"));
    validateCheckpoints();
    this.recoveryBackoffNanos = Math.max(1, recoveryBackoff.toNanos());
    this.syncer = new Thread(this::syncLoop, "journal-sync");
    syncer.setDaemon(true);
    syncer.start();
  }

  /**
   * Brings every checkpoint to a record boundary at or before its partition's end. A checkpoint
   * past the end means records it counted were lost (a machine crash took a tail that had been
   * treated as durable); left as it is, the consumer would skip the records written next.
   */
  private void validateCheckpoints() throws IOException {
    for (String group : checkpoints.groups()) {
      for (JournalPartition p : partitions) {
        OptionalLong stored = checkpoints.read(group, p.id);
        if (stored.isEmpty()) {
          continue;
        }
        long offset = stored.getAsLong();
        long valid = p.validCheckpoint(offset);
        if (valid != offset) {
          LOG.severe("journal partition " + p.id + ": the checkpoint of group '" + group + "' is at " + offset
              + (offset > p.durableEnd() ? ", past the partition's end " + p.durableEnd() : ", not at a record boundary")
              + "; resuming from " + valid + " so no record written from now on is skipped");
          checkpoints.write(group, p.id, valid);
        }
      }
    }
  }

  /** The partition count is fixed once the journal exists: changing it would reorder tenants. */
  private static int checkPartitionCount(Path root, int wanted) throws IOException {
    Path meta = root.resolve("meta");
    DurableFiles.writeIfAbsent(meta, (wanted + "\n").getBytes(StandardCharsets.UTF_8));
    int have;
    try {
      have = Integer.parseInt(Files.readString(meta, StandardCharsets.UTF_8).trim());
    } catch (NumberFormatException e) {
      // Left empty by a crash at the first start of a version that wrote it in place.
      have = partitionFolders(root);
      have = have > 0 ? have : wanted;
      LOG.warning("journal at " + root + ": meta is unreadable; rewriting it with " + have + " partitions");
      DurableFiles.write(meta, (have + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (have != wanted) {
      LOG.warning("journal at " + root + " has " + have + " partitions; keeping them (setting asks for " + wanted + ")");
    }
    return have;
  }

  private static int partitionFolders(Path root) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(root)) {
      return (int) s.filter(p -> p.getFileName().toString().matches("p-\\d{4}") && Files.isDirectory(p)).count();
    }
  }

  @Override
  public int partitions() {
    return partitions.length;
  }

  @Override
  public CompletableFuture<Void> publish(TenantId tenant, List<byte[]> frames) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("journal is closed"));
    }
    if (frames.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = partitions[partitionFor(tenant)].append(frames);
    pending = true;
    syncLock.lock();
    try {
      work.signal();
    } finally {
      syncLock.unlock();
    }
    return f;
  }

  private void syncLoop() {
    while (true) {
      syncLock.lock();
      try {
        while (!pending && !closed) {
          if (anyFailed()) {
            // A failed partition recovers from its files once its back-off has passed.
            work.awaitNanos(recoveryBackoffNanos);
            break;
          }
          work.awaitUninterruptibly();
        }
        pending = false;
      } catch (InterruptedException e) {
        // Only close() ends this thread.
      } finally {
        syncLock.unlock();
      }
      for (JournalPartition p : partitions) {
        try {
          p.sync();
        } catch (RuntimeException | Error e) {
          // A partition fails closed on a disk error itself; anything else must not end the syncer.
          LOG.log(Level.SEVERE, "journal partition " + p.id + ": group commit failed", e);
        }
      }
      if (closed) {
        boolean dirty = false;
        for (JournalPartition p : partitions) {
          dirty |= p.dirty();
        }
        if (!dirty) {
          return;
        }
      }
    }
  }

  private boolean anyFailed() {
    for (JournalPartition p : partitions) {
      if (p.failed()) {
        return true;
      }
    }
    return false;
  }

  /** True while {@code partition} is failed closed after a disk error (for health and tests). */
  public boolean failed(int partition) {
    return partition(partition).failed();
  }

  @Override
  public PartitionConsumer consumer(String group, int partition) throws IOException {
    Checkpoints.checkGroup(group);
    JournalPartition p = partition(partition);
    OptionalLong committed = checkpoints.read(group, partition);
    if (committed.isEmpty()) {
      // Registers the group, so segments it has not read are kept for it.
      checkpoints.write(group, partition, p.startOffset());
    }
    return new JournalConsumer(this, p, group, committedOffset(group, partition));
  }

  @Override
  public long endOffset(int partition) {
    return partition(partition).durableEnd();
  }

  @Override
  public long committedOffset(String group, int partition) throws IOException {
    JournalPartition p = partition(partition);
    return Math.max(p.startOffset(), checkpoints.read(group, partition).orElse(p.startOffset()));
  }

  void commit(String group, JournalPartition p, long offset) throws IOException {
    checkpoints.write(group, p.id, offset);
    long min = Long.MAX_VALUE;
    for (String g : checkpoints.groups()) {
      min = Math.min(min, checkpoints.read(g, p.id).orElse(0));
    }
    p.deleteBefore(min);
  }

  /** Segment files of a partition (for tests and health). */
  public int segmentCount(int partition) {
    return partition(partition).segmentCount();
  }

  private JournalPartition partition(int i) {
    if (i < 0 || i >= partitions.length) {
      throw new IllegalArgumentException("no partition " + i + " (there are " + partitions.length + ")");
    }
    return partitions[i];
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    syncLock.lock();
    try {
      work.signalAll();
    } finally {
      syncLock.unlock();
    }
    try {
      syncer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IOException first = null;
    for (JournalPartition p : partitions) {
      try {
        p.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
      p.failWaiters(new IOException("journal closed"));
      p.wakeReaders();
    }
    if (first != null) {
      throw first;
    }
  }

  boolean isClosed() {
    return closed;
  }

  Path root() {
    return root;
  }
}
