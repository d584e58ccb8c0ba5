package io.tributary.local.journal;

import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.eventlog.PartitionConsumer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  private volatile boolean closed;
  private volatile boolean pending;

  public Journal(Path root, int partitionCount, long segmentBytes) throws IOException {
    this.root = root;
    Files.createDirectories(root);
    int count = checkPartitionCount(root, partitionCount);
    this.partitions = new JournalPartition[count];
    for (int i = 0; i < count; i++) {
      partitions[i] = new JournalPartition(i, root.resolve(String.format("p-%04d", i)), segmentBytes);
    }
    this.checkpoints = new Checkpoints(root.resolve("checkpoints"));
    this.syncer = new Thread(this::syncLoop, "journal-sync");
    syncer.setDaemon(true);
    syncer.start();
  }

  /** The partition count is fixed once the journal exists: changing it would reorder tenants. */
  private static int checkPartitionCount(Path root, int wanted) throws IOException {
    Path meta = root.resolve("meta");
    if (Files.exists(meta)) {
      int have = Integer.parseInt(Files.readString(meta, StandardCharsets.UTF_8).trim());
      if (have != wanted) {
        LOG.warning("journal at " + root + " has " + have + " partitions; keeping them (setting asks for " + wanted + ")");
      }
      return have;
    }
    Files.writeString(meta, wanted + "\n", StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(meta, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    forceDirectory(root);
    return wanted;
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
          work.awaitUninterruptibly();
        }
        pending = false;
      } finally {
        syncLock.unlock();
      }
      for (JournalPartition p : partitions) {
        try {
          p.sync();
        } catch (IOException e) {
          LOG.log(Level.SEVERE, "journal partition " + p.id + ": fsync failed", e);
          p.failWaiters(e);
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

  /** fsync of a directory, so a created, renamed or deleted entry in it survives a crash. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  Path root() {
    return root;
  }
}
