package io.tributary.local.journal;

import io.tributary.local.files.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Committed offsets per consumer group and partition, one small file each
 * ({@code checkpoints/<group>/p-0003}), replaced atomically through {@link DurableFiles} (temp
 * file, fsync, rename, fsync of the folder).
 */
final class Checkpoints {

  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final Path root;

  Checkpoints(Path root) throws IOException {
    this.root = root;
    DurableFiles.createDirectories(root);
  }

  static void checkGroup(String group) {
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException("consumer group must be 1-64 characters of letters, digits, . _ -: " + group);
    }
  }

  private Path file(String group, int partition) {
    return root.resolve(group).resolve(String.format("p-%04d", partition));
  }

  OptionalLong read(String group, int partition) throws IOException {
    Path f = file(group, partition);
    if (!Files.exists(f)) {
      return OptionalLong.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
    if (b.remaining() != 12) {
      throw new IOException("checkpoint " + f + " is damaged (" + b.remaining() + " bytes)");
    }
    long offset = b.getLong();
    int crc = b.getInt();
    if (crc != crc(offset)) {
      throw new IOException("checkpoint " + f + " is damaged (CRC mismatch)");
    }
    return OptionalLong.of(offset);
  }

  void write(String group, int partition, long offset) throws IOException {
    DurableFiles.write(file(group, partition), ByteBuffer.allocate(12).putLong(offset).putInt(crc(offset)).array());
  }

  /** The groups that have ever committed. */
  List<String> groups() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }

  private static int crc(long offset) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(8).putLong(0, offset));
    return (int) c.getValue();
  }
}
