package io.tributary.export;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Folders and files of exports are their owner's only (0700, 0600), as everything under the data dir. */
final class OwnerOnly {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {
  }

  /** Creates the missing folders down to {@code dir}, owner-only; returns {@code dir}. */
  static Path createDirectories(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(p);
    }
    Collections.reverse(missing);
    for (Path p : missing) {
      try {
        if (POSIX) {
          Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(p);
        }
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
      }
    }
    return dir;
  }

  /** The attributes a new file is created with. */
  static FileAttribute<?>[] file() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
  }
}
