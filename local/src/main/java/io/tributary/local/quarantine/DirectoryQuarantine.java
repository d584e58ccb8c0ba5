package io.tributary.local.quarantine;

import io.tributary.frame.CorruptFrameException;
import io.tributary.local.files.DurableFiles;
import io.tributary.quarantine.Quarantine;
import io.tributary.quarantine.QuarantineEntry;
import io.tributary.quarantine.QuarantineFormat;
import io.tributary.quarantine.QuarantineKey;
import io.tributary.quarantine.QuarantinedFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The local {@link Quarantine}: one file per frame under {@code quarantine/}, at
 * {@code PPPP/OOOOOOOOOOOOOOOOOOOO.tq} (partition, offset), in {@link QuarantineFormat}. Files are
 * written put-if-absent through {@link DurableFiles} (temporary file, force, link into place,
 * fsync of the folder), so a crash leaves a whole record or none, and a redelivered frame finds its
 * record there. Listing reads each file's header only. Thread-safe; files written by one process
 * are read by another ({@code ./tributary quarantine list} beside a running runtime).
 */
public final class DirectoryQuarantine implements Quarantine {

  private static final Logger LOG = Logger.getLogger(DirectoryQuarantine.class.getName());
  static final String SUFFIX = ".tq";

  private final Path root;

  /** The quarantine of a runtime: creates the folder, and clears the temporary files a crash left. */
  public DirectoryQuarantine(Path root) throws IOException {
    this(root, true);
  }

  private DirectoryQuarantine(Path root, boolean owner) throws IOException {
    this.root = root;
    if (owner) {
      DurableFiles.createDirectories(root);
      DurableFiles.removeTemporaries(root);
    }
  }

  /**
   * A view of the folder for a process that does not own it ({@code quarantine list} beside a
   * running runtime): it creates nothing and leaves temporary files, which may be writes in flight.
   */
  public static DirectoryQuarantine reader(Path root) throws IOException {
    return new DirectoryQuarantine(root, false);
  }

  private Path file(QuarantineKey key) {
    return root.resolve(String.format("%04d", key.partition())).resolve(String.format("%020d", key.offset()) + SUFFIX);
  }

  @Override
  public boolean put(QuarantinedFrame frame) throws IOException {
    return DurableFiles.writeIfAbsent(file(frame.key()), QuarantineFormat.encode(frame));
  }

  @Override
  public List<QuarantineEntry> list() throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root, 2)) {
      s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).forEach(files::add);
    }
    List<QuarantineEntry> out = new ArrayList<>(files.size());
    byte[] prefix = new byte[QuarantineFormat.MAX_HEADER_BYTES];
    for (Path p : files) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.wrap(prefix);
        while (b.hasRemaining() && ch.read(b) >= 0) {
          // read up to the header's room, or the whole file when smaller
        }
        out.add(QuarantineFormat.decodeEntry(prefix, b.position()));
      } catch (NoSuchFileException e) {
        // Replayed (removed) while listing.
      } catch (CorruptFrameException e) {
        LOG.log(Level.WARNING, "quarantine file " + p + " does not read (" + e.getMessage() + "); left in place");
      }
    }
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  @Override
  public Optional<QuarantinedFrame> get(QuarantineKey key) throws IOException {
    try {
      return Optional.of(QuarantineFormat.decode(Files.readAllBytes(file(key))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean remove(QuarantineKey key) throws IOException {
    return DurableFiles.delete(file(key));
  }

  @Override
  public void close() {
    // Nothing held open: every call opens and closes its files.
  }
}
