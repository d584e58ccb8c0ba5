package io.tributary.local.archive;

import io.tributary.archive.ArchiveStore;
import io.tributary.archive.SegmentKey;
import io.tributary.event.TenantId;
import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local {@link ArchiveStore}: one file per segment under {@code archive/}, at the same path as
 * its blob name. A segment is written through {@link DurableFiles}, put-if-absent: a temporary
 * file (owner-only), forced, linked into place only if no segment of that name is there, and its
 * folder fsynced; a crash leaves either the whole segment or none of it, and the temporaries a
 * crash left are removed at open.
 */
public final class DirectoryArchiveStore implements ArchiveStore, io.tributary.retention.HeldTenants {

  private final Path root;

  public DirectoryArchiveStore(Path root) throws IOException {
    this.root = root;
    DurableFiles.createDirectories(root);
    DurableFiles.removeTemporaries(root);
  }

  @Override
  public boolean append(SegmentKey key, byte[] content) throws IOException {
    return DurableFiles.writeIfAbsent(root.resolve(key.name()), content);
  }

  @Override
  public boolean append(SegmentKey key, Content content) throws IOException {
    return DurableFiles.write(root.resolve(key.name()), content::writeTo, false);
  }

  @Override
  public List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) throws IOException {
    Path dir = root.resolve(tenant.value());
    List<SegmentKey> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    // Compaction may remove segments (and empty folders) while this walks: what vanished on the
    // way is simply not listed, as if the walk had come a moment later.
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
        String name = root.relativize(p).toString().replace('\\', '/');
        SegmentKey k = name.endsWith(SegmentKey.SUFFIX) ? SegmentKey.parse(name) : null;
        if (k != null && k.hour() >= fromHour && k.hour() <= toHour) {
          out.add(k);
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
        if (e instanceof java.nio.file.NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
          throw e;
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    Collections.sort(out);
    return out;
  }

  @Override
  public List<TenantId> heldTenants() throws IOException {
    return tenants();
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
    return DurableFiles.delete(root.resolve(key.name()));
  }

  @Override
  public Optional<byte[]> get(SegmentKey key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(root.resolve(key.name())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    // Every append is durable when it returns; nothing is held open.
  }
}
