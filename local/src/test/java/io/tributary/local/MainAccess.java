package io.tributary.local;

import io.tributary.archive.ArchiveReader;
import java.nio.file.Path;

/** Opens the command line's package-private parts to tests of other packages. */
public final class MainAccess {

  private MainAccess() {
  }

  public static ArchiveReader.Segment segmentAt(Path file) {
    return Main.segmentAt(file);
  }
}
