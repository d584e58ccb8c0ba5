package io.tributary.local.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One orchestration instance's append-only record: {@code length:u32 crc32c:u32 kind:u8 payload}
 * per record, appended in batches, each batch fsynced before {@link #append} returns. At open, a
 * torn tail (a record cut short or failing its checksum: a crash mid-append) is cut off, as the
 * journal does; a batch is therefore kept whole or loses only records the engine had not yet
 * acted on. Not thread-safe (the engine appends under the instance's lock).
 */
final class HistoryFile implements AutoCloseable {

  /** A record: its kind and its bytes. */
  record Entry(int kind, byte[] payload) {
  }

  private static final int HEADER = 9;

  private final FileChannel channel;
  private final List<Entry> entries;

  private HistoryFile(FileChannel channel, List<Entry> entries) {
    this.channel = channel;
    this.entries = entries;
  }

  /** Opens (creating when absent) the file, reading its records and cutting a torn tail. */
  static HistoryFile open(Path file) throws IOException {
    if (!java.nio.file.Files.exists(file)) {
      // Owner-only from creation, as everything under the data dir.
      io.tributary.local.files.DurableFiles.openOwnerOnly(file).close();
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      List<Entry> entries = new ArrayList<>();
      long size = ch.size();
      ByteBuffer all = ByteBuffer.allocate((int) size);
      while (all.hasRemaining() && ch.read(all, all.position()) > 0) {
        // read it all
      }
      all.flip();
      long good = 0;
      while (all.remaining() >= HEADER) {
        int len = all.getInt();
        int crc = all.getInt();
        int kind = all.get() & 0xff;
        if (len < 0 || len > all.remaining()) {
          break;
        }
        byte[] payload = new byte[len];
        all.get(payload);
        CRC32C c = new CRC32C();
        c.update(kind);
        c.update(payload);
        if ((int) c.getValue() != crc) {
          break;
        }
        entries.add(new Entry(kind, payload));
        good = all.position();
      }
      if (good < size) {
        ch.truncate(good);
        ch.force(true);
      }
      ch.position(good);
      return new HistoryFile(ch, entries);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The records read at open and appended since, in order. */
  List<Entry> entries() {
    return entries;
  }

  /** Appends records as one batch; durable when this returns. */
  void append(List<Entry> batch) throws IOException {
    int total = 0;
    for (Entry e : batch) {
      total += HEADER + e.payload().length;
    }
    ByteBuffer b = ByteBuffer.allocate(total);
    for (Entry e : batch) {
      CRC32C c = new CRC32C();
      c.update(e.kind());
      c.update(e.payload());
      b.putInt(e.payload().length).putInt((int) c.getValue()).put((byte) e.kind()).put(e.payload());
    }
    b.flip();
    while (b.hasRemaining()) {
      channel.write(b);
    }
    channel.force(false);
    entries.addAll(batch);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
