package io.tributary.local.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way the local runtime writes a file that must survive a crash whole or not at all:
 * write a uniquely named temporary file in the target's folder (owner-only permissions), force it
 * to disk, move it into place atomically (replacing, or only if nothing is there), and fsync the
 * folder so the new name itself is durable. Folders are created owner-only, each new one made
 * durable in its parent.
 *
 * <p>Temporary files end in {@link #TMP_SUFFIX}; {@link #removeTemporaries} clears those a crash
 * left. All methods are thread-safe; writers of the same target must agree among themselves
 * (put-if-absent resolves races: exactly one creator wins).
 */
public final class DurableFiles {

  /** Suffix of temporary files; owners delete them at start. */
  public static final String TMP_SUFFIX = ".tmp";

  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
      .contains("posix");

  private DurableFiles() {
  }

  /** Writes the content of a file being created; may be called with the bytes in pieces. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} with {@code content}, replacing what is there; durable when it returns.
   */
  public static void write(Path target, byte[] content) throws IOException {
    write(target, out -> out.write(content), true);
  }

  /**
   * Writes {@code target} only if nothing is there; returns false (and writes nothing) when a file
   * is already there, whoever put it there, even a concurrent writer.
   */
  public static boolean writeIfAbsent(Path target, byte[] content) throws IOException {
    return write(target, out -> out.write(content), false);
  }

  /**
   * Streams a new file into place: {@code content} writes into the temporary file, which is
   * forced and moved to {@code target} only when it returns normally; on failure nothing changes
   * at {@code target}.
   *
   * @param replace true to replace an existing {@code target}; false to keep it (returns false)
   */
  public static boolean write(Path target, Content content, boolean replace) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    createDirectories(dir);
    if (!replace && Files.exists(target)) {
      return false;
    }
    Path tmp = dir.resolve(target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + TMP_SUFFIX);
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          fileAttributes());
          OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      if (replace) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // rename(2) would replace a file a concurrent writer just put there: a hard link fails instead.
        try {
          Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
          return false;
        } catch (UnsupportedOperationException e) {
          if (Files.exists(target)) {
            return false;
          }
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      done = true;
    } finally {
      Files.deleteIfExists(tmp);
      if (done) {
        fsyncDirectory(dir);
      }
    }
    return true;
  }

  /** Appends-only files (journal segments, logs) are created through this: owner-only, folder fsynced. */
  public static FileChannel createAppendable(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    createDirectories(dir);
    FileChannel ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE), fileAttributes());
    try {
      fsyncDirectory(dir);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /**
   * Opens {@code file} for writing, creating it owner-only when it is not there (lock files: their
   * content does not matter, only that they exist).
   */
  public static FileChannel openOwnerOnly(Path file) throws IOException {
    createDirectories(file.toAbsolutePath().getParent());
    return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes());
  }

  /** Creates the missing folders down to {@code dir}, owner-only, each made durable in its parent. */
  public static void createDirectories(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      return;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(p);
    }
    Collections.reverse(missing);
    for (Path p : missing) {
      try {
        if (POSIX) {
          Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } else {
          Files.createDirectory(p);
        }
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
        continue;
      }
      fsyncDirectory(p.getParent());
    }
  }

  /** Deletes {@code file} and makes its removal durable; false when it was not there. */
  public static boolean delete(Path file) throws IOException {
    boolean existed = Files.deleteIfExists(file);
    if (existed) {
      fsyncDirectory(file.toAbsolutePath().getParent());
    }
    return existed;
  }

  /** fsync of a folder, so a created, renamed or deleted entry in it survives a crash. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      // Some file systems refuse to open or force a folder; there is nothing more to do there.
      if (!POSIX) {
        return;
      }
      throw e;
    }
  }

  /** Restricts {@code dir} to its owner (0700), as the data folder must be. No-op off POSIX. */
  public static void restrictToOwner(Path dir) throws IOException {
    if (POSIX && Files.exists(dir)) {
      Files.setPosixFilePermissions(dir, Files.isDirectory(dir) ? DIR_MODE : FILE_MODE);
    }
  }

  /** Deletes the temporary files a crash left under {@code root} (whose writers are all stopped). */
  public static int removeTemporaries(Path root) throws IOException {
    return removeTemporaries(root, java.time.Duration.ZERO);
  }

  /**
   * Deletes the temporary files under {@code root} last modified at least {@code olderThan} ago:
   * where another process may be writing at the same moment (a key the command line creates),
   * only those no writer can still be busy with.
   */
  public static int removeTemporaries(Path root, java.time.Duration olderThan) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    long before = System.currentTimeMillis() - olderThan.toMillis();
    int n = 0;
    try (java.util.stream.Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().endsWith(TMP_SUFFIX) && Files.isRegularFile(p)
            && (olderThan.isZero() || Files.getLastModifiedTime(p).toMillis() <= before)) {
          Files.deleteIfExists(p);
          n++;
        }
      }
    }
    return n;
  }

  /** Writes all of {@code b} at {@code position}. */
  public static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    while (b.hasRemaining()) {
      position += ch.write(b, position);
    }
  }

  private static FileAttribute<?>[] fileAttributes() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
  }
}
