package io.tributary.local.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One segment file of a partition: records from {@code base} on. Its channel stays open until the
 * segment is deleted, so readers and the syncer never race a close.
 */
final class Segment {

  final long base;
  final Path path;
  final FileChannel channel;
  /** Bytes written; only the appender changes it, under the partition lock. */
  volatile long size;

  Segment(long base, Path path, FileChannel channel, long size) {
    this.base = base;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  long end() {
    return base + size;
  }

  void close() throws IOException {
    channel.close();
  }

  static String fileName(long base) {
    return String.format("%020d.log", base);
  }
}
