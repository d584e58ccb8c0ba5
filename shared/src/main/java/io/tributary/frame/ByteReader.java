package io.tributary.frame;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteWriter} wrote. Throws {@link CorruptFrameException} past the end. */
public final class ByteReader {

  private final byte[] buf;
  private int pos;
  private final int end;

  public ByteReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public int position() {
    return pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  private void need(int n) {
    if (n < 0 || pos + n > end) {
      throw new CorruptFrameException("truncated at byte " + pos);
    }
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptFrameException("varint too long at byte " + pos);
  }

  public int readVarInt() {
    long v = readVarLong();
    if (v > Integer.MAX_VALUE) {
      throw new CorruptFrameException("length too large at byte " + pos);
    }
    return (int) v;
  }

  public String readNullableString() {
    int n = readVarInt();
    if (n == 0) {
      return null;
    }
    int len = n - 1;
    need(len);
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  public void skip(int len) {
    need(len);
    pos += len;
  }

  public void readBytes(byte[] dst, int off, int len) {
    need(len);
    System.arraycopy(buf, pos, dst, off, len);
    pos += len;
  }
}
