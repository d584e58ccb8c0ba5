package io.tributary.local.host;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A request body as it arrives, copied once into a heap array that grows with what has arrived
 * (never with what the client announced), up to the host's limit. Not thread-safe.
 */
final class BodyBuffer {

  private static final int FIRST = 8192;

  private final long expected;
  private byte[] bytes = new byte[0];
  private int size;

  /** @param expected the Content-Length, or -1 when chunked */
  BodyBuffer(long expected) {
    this.expected = expected;
  }

  int size() {
    return size;
  }

  void append(ByteBuf data) {
    int n = data.readableBytes();
    if (n == 0) {
      return;
    }
    if (size + n > bytes.length) {
      long want = Math.max((long) size + n, Math.max(FIRST, 2L * bytes.length));
      if (expected >= size + n) {
        want = Math.min(want, expected);
      }
      bytes = Arrays.copyOf(bytes, (int) Math.min(want, Integer.MAX_VALUE - 16));
    }
    data.getBytes(data.readerIndex(), bytes, size, n);
    size += n;
  }

  /** The body; the buffer itself when it is exactly full. */
  byte[] toArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }
}
