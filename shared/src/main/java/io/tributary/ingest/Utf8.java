package io.tributary.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF). */
final class Utf8 {

  /** Eight bytes at a time, and the masks that test all eight at once (also {@link PlainObjectJudge}'s). */
  static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final long HIGH_BITS = 0x8080808080808080L;
  static final long ONES = 0x0101010101010101L;
  static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

  private Utf8() {
  }

  /**
   * True when {@code [from, to)} is ASCII and holds no {@code \\uD800}-{@code \\uDFFF} escape: no
   * JSON string in it can then hold bytes that are not UTF-8 or a lone surrogate, and the checks
   * for them can be skipped (the common case, and the fast one). Looks at 8 bytes at a time.
   */
  static boolean isPlainJson(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if (i + 8 <= to) {
        long w = (long) LONGS.get(b, i);
        long x = w ^ BACKSLASHES;
        // A byte with its high bit set, or (roughly: borrows may flag a neighbour) a backslash.
        if (((w | ((x - ONES) & ~x)) & HIGH_BITS) == 0) {
          i += 8;
          continue;
        }
      }
      int c = b[i];
      if (c < 0) {
        return false;
      }
      if (c == '\\') {
        if (i + 1 < to && b[i + 1] < 0
            || i + 3 < to && b[i + 1] == 'u' && (b[i + 2] | 0x20) == 'd' && isHex8ToF(b[i + 3])) {
          return false;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return true;
  }

  /** {@link #scanLine} flag: a byte of 0x80 or more (the line is not ASCII). */
  static final int NOT_ASCII = 1;
  /** {@link #scanLine} flag: a {@code \\uD800}-{@code \\uDFFF} escape (a JSON string may hold a lone surrogate). */
  static final int SURROGATE_ESCAPE = 2;
  /** {@link #scanLine} flag: a NUL byte. */
  static final int NUL = 4;
  /** Added to a byte, sets its high bit when it is 0x20 or more (printable ASCII, for bytes below 0x80). */
  static final long CONTROL_LIMIT = 0x6060606060606060L;

  /**
   * Finds the end of the line that starts at {@code from} (the index of its LF, or {@code to}) and,
   * in the same pass, what the line holds that its checks must look at: {@link #NOT_ASCII},
   * {@link #SURROGATE_ESCAPE}, {@link #NUL}. A line with none of them is plain: nothing in it can
   * be invalid UTF-8, a lone surrogate or a NUL, and those checks are skipped. Looks at 8 bytes at
   * a time.
   *
   * @return the end index in the low 32 bits, the flags above them
   */
  static long scanLine(byte[] b, int from, int to) {
    int flags = 0;
    int i = from;
    while (i < to) {
      if (i + 8 <= to) {
        long w = (long) LONGS.get(b, i);
        long bs = w ^ BACKSLASHES;
        // Eight printable ASCII bytes (0x20-0x7F: adding 0x60 sets each high bit), none a backslash
        // (roughly: a borrow may flag a neighbour); anything else, LF and NUL included, is looked at below.
        if (((w | ~(w + CONTROL_LIMIT) | ((bs - ONES) & ~bs)) & HIGH_BITS) == 0) {
          i += 8;
          continue;
        }
      }
      int c = b[i];
      if (c == '\n') {
        break;
      } else if (c < 0) {
        flags |= NOT_ASCII;
      } else if (c == 0) {
        flags |= NUL;
      } else if (c == '\\' && i + 1 < to) {
        int next = b[i + 1];
        if (next == '\n') {
          i++;
          continue;
        }
        if (next < 0) {
          flags |= NOT_ASCII;
        } else if (next == 0) {
          flags |= NUL;
        } else if (next == 'u' && i + 3 < to && (b[i + 2] | 0x20) == 'd' && isHex8ToF(b[i + 3])) {
          flags |= SURROGATE_ESCAPE;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return ((long) flags << 32) | i;
  }

  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  /** The index of the first LF in {@code [from, to)}, or {@code to}; looks at 8 bytes at a time. */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      if (((x - ONES) & ~x & HIGH_BITS) != 0) {
        break; // an LF among these eight (exact: no borrow reaches a byte before the first zero)
      }
      i += 8;
    }
    while (i < to && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /** True for the hex digits 8-F: after {@code \\uD}, the escape is a surrogate's. */
  static boolean isHex8ToF(byte c) {
    return c == '8' || c == '9' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
  }

  /** The offset of the first byte that breaks UTF-8 in {@code [from, to)}, or -1 when all is valid. */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      int need;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + need >= to) {
        return i;
      }
      int cp = c & (0x3F >> need);
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return i;
      }
      i += need + 1;
    }
    return -1;
  }
}
