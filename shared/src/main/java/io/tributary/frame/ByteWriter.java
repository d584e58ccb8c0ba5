package io.tributary.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitives of the binary event encoding. Not thread-safe. */
public final class ByteWriter {

  private byte[] buf;
  private int size;

  public ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return buf;
  }

  public void reset() {
    size = 0;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Makes room for {@code extra} bytes at {@link #size()} and returns the buffer to write them into. */
  public byte[] reserve(int extra) {
    ensure(extra);
    return buf;
  }

  /** Counts {@code n} bytes written straight into the buffer after {@link #reserve}. */
  public void advance(int n) {
    if (n < 0 || size + n > buf.length) {
      throw new IllegalArgumentException("advance past the reserved room");
    }
    size += n;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  public void writeLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (i * 8));
    }
  }

  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void writeVarInt(int v) {
    writeVarLong(v & 0xFFFFFFFFL);
  }

  /** A string that may be null: length + 1 (0 for null), then UTF-8 bytes. */
  public void writeNullableString(String s) {
    if (s == null) {
      writeByte(0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarInt(b.length + 1);
    writeBytes(b, 0, b.length);
  }

  public void writeString(String s) {
    writeNullableString(s);
  }

  /** Characters {@code [from, to)} of {@code s}, as {@link #writeString} would write them as a string. */
  public void writeString(CharSequence s, int from, int to) {
    boolean ascii = true;
    for (int i = from; i < to && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    if (!ascii) {
      writeNullableString(s.subSequence(from, to).toString());
      return;
    }
    int n = to - from;
    writeVarInt(n + 1);
    ensure(n);
    for (int i = from; i < to; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  public void writeDouble(double d) {
    writeLong(Double.doubleToRawLongBits(d));
  }
}
