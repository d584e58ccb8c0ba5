package io.tributary.local.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A journal record on disk: {@code length:i32 crc32c:i32 payload}, big-endian; the CRC covers the
 * payload. A record's offset is its byte position in the partition, so the next record's offset is
 * {@code offset + HEADER + length}.
 */
final class RecordFormat {

  static final int HEADER = 8;
  /** No frame is larger; a bigger length read back is a torn or damaged record. */
  static final int MAX_PAYLOAD = 16 << 20;

  private RecordFormat() {
  }

  static int crc(byte[] payload, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(payload, off, len);
    return (int) c.getValue();
  }

  static int crc(ByteBuffer payload) {
    CRC32C c = new CRC32C();
    c.update(payload);
    return (int) c.getValue();
  }

  static void write(ByteBuffer into, byte[] payload) {
    into.putInt(payload.length);
    into.putInt(crc(payload, 0, payload.length));
    into.put(payload);
  }
}
