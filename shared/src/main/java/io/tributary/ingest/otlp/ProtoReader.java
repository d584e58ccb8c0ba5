package io.tributary.ingest.otlp;

import io.tributary.ingest.Reasons;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf's wire format over a byte range, never past it: varints, fixed 32- and 64-bit
 * values and length-delimited fields. Anything that would read past the range, or a varint longer
 * than ten bytes, is a {@link ProtoException}. Not thread-safe.
 */
public final class ProtoReader {

  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH = 2;
  public static final int FIXED32 = 5;

  private final byte[] b;
  private int pos;
  private final int end;
  /** Start of the last length-delimited field read. */
  private int fieldStart;

  public ProtoReader(byte[] b, int from, int to) {
    this.b = b;
    this.pos = from;
    this.end = to;
  }

  public boolean hasMore() {
    return pos < end;
  }

  public int position() {
    return pos;
  }

  /** The next tag ({@code field << 3 | wireType}). */
  public int tag() throws ProtoException {
    long t = varint();
    if (t >>> 3 == 0 || t > Integer.MAX_VALUE) {
      throw new ProtoException("field number " + (t >>> 3) + " at byte " + pos);
    }
    return (int) t;
  }

  public long varint() throws ProtoException {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= end) {
        throw new ProtoException("a varint runs past the end at byte " + pos);
      }
      byte x = b[pos++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new ProtoException("a varint longer than 10 bytes at byte " + pos);
  }

  public long fixed64() throws ProtoException {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  public int fixed32() throws ProtoException {
    need(4);
    int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  /** Reads a length-delimited field's length and moves past its bytes; {@link #start()} gives where they begin. */
  public int length() throws ProtoException {
    long n = varint();
    if (n < 0 || n > end - pos) {
      throw new ProtoException("a field of " + n + " bytes runs past the end at byte " + pos + " (" + (end - pos)
          + " left): the body is truncated or not protobuf");
    }
    fieldStart = pos;
    pos += (int) n;
    return (int) n;
  }

  /** Where the bytes of the last {@link #length} field start. */
  public int start() {
    return fieldStart;
  }

  /** The last {@link #length} field as UTF-8 text; bytes that are not UTF-8 are a {@link Reasons#INVALID_UTF8}. */
  public String string() throws ProtoException {
    return text(b, fieldStart, pos - fieldStart);
  }

  /** The last {@link #length} field's bytes. */
  public byte[] bytes() {
    return java.util.Arrays.copyOfRange(b, fieldStart, pos);
  }

  public static String text(byte[] b, int from, int len) throws ProtoException {
    int i = from;
    int to = from + len;
    while (i < to && b[i] >= 0) {
      i++;
    }
    if (i == to) {
      return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, len)).toString();
    } catch (CharacterCodingException e) {
      throw new ProtoException(Reasons.INVALID_UTF8, "a string is not valid UTF-8 (" + e.getMessage()
          + "); protobuf strings are UTF-8");
    }
  }

  /** Skips a field of {@code wireType} (its tag read). */
  public void skip(int tag) throws ProtoException {
    switch (tag & 7) {
      case VARINT: varint(); break;
      case FIXED64: need(8); pos += 8; break;
      case LENGTH: length(); break;
      case FIXED32: need(4); pos += 4; break;
      default: throw new ProtoException("wire type " + (tag & 7) + " (groups or not protobuf) at byte " + pos);
    }
  }

  /** Throws unless {@code tag} has {@code wireType}. */
  public static void expect(int tag, int wireType) throws ProtoException {
    if ((tag & 7) != wireType) {
      throw new ProtoException("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", not " + wireType);
    }
  }

  private void need(int n) throws ProtoException {
    if (end - pos < n) {
      throw new ProtoException("a fixed field runs past the end at byte " + pos);
    }
  }
}
