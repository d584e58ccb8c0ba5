package io.tributary.local.archive;

import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local {@link ArchiveStore}: one file per segment under {@code archive/}, at the same path as
 * its blob name. A segment is written to a temporary file, fsynced and renamed into place, and its
 * folder fsynced, so a crash leaves either the whole segment or none of it.
 */
public final class DirectoryArchiveStore implements ArchiveStore {

  private static final String TMP = ".tmp";
  private final Path root;
  /**
   * Writers of the same segment name take the same lock (they would share its temporary file);
   * writers of different segments, as the processing threads of different partitions are, do not
   * wait for each other's fsyncs.
   */
  private final Object[] writeLocks = new Object[64];
  /** Folder creation is rare and shared by segments: one lock for it. */
  private final Object folderLock = new Object();

  public DirectoryArchiveStore(Path root) throws IOException {
    this.root = root;
    for (int i = 0; i < writeLocks.length; i++) {
      writeLocks[i] = new Object();
    }
    Files.createDirectories(root);
    removeTemporaries();
  }

  private void removeTemporaries() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().endsWith(TMP)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  public boolean append(SegmentKey key, byte[] content) throws IOException {
    Path target = root.resolve(key.name());
    synchronized (lockOf(key)) {
      if (Files.exists(target)) {
        return false;
      }
      Path dir = target.getParent();
      if (!Files.isDirectory(dir)) {
        synchronized (folderLock) {
          createDurably(dir);
        }
      }
      Path tmp = dir.resolve(target.getFileName() + TMP);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      force(dir);
      return true;
    }
  }

  private Object lockOf(SegmentKey key) {
    return writeLocks[Math.floorMod(key.name().hashCode(), writeLocks.length)];
  }

  /** Creates missing folders down to {@code dir}, fsyncing each parent so the names survive a crash. */
  private void createDurably(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(p);
    }
    Collections.reverse(missing);
    for (Path p : missing) {
      Files.createDirectory(p);
      force(p.getParent());
    }
  }

  @Override
  public List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) throws IOException {
    Path dir = root.resolve(tenant.value());
    List<SegmentKey> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = root.relativize(p).toString().replace('\\', '/');
        SegmentKey k = name.endsWith(SegmentKey.SUFFIX) ? SegmentKey.parse(name) : null;
        if (k != null && k.hour() >= fromHour && k.hour() <= toHour) {
          out.add(k);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** The tenants that have a folder in the archive. */
  public List<TenantId> tenants() throws IOException {
    List<TenantId> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p) && TenantId.isValid(name)) {
          out.add(TenantId.of(name));
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public boolean delete(SegmentKey key) throws IOException {
    Path target = root.resolve(key.name());
    synchronized (lockOf(key)) {
      boolean existed = Files.deleteIfExists(target);
      if (existed) {
        force(target.getParent());
      }
      return existed;
    }
  }

  @Override
  public Optional<byte[]> get(SegmentKey key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(root.resolve(key.name())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void force(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public void close() {
    // Every append is durable when it returns; nothing is held open.
  }
}
