package io.tributary.ingest;

import java.lang.invoke.VarHandle;
import java.util.zip.CRC32;

/**
 * Decodes a whole gzip body held in memory (RFC 1952, its DEFLATE data RFC 1951) into a buffer of
 * the size its trailer states, in Java, 1.2-1.3 times as fast as the JDK's {@code Inflater} (zlib)
 * on shippers' log bodies here (docs/benchmarks.md, issue 19). It is a fast path only: it answers the
 * decoded length, or -1 for "not sure", and the caller then decodes the body with the JDK's
 * {@code GZIPInputStream} as before, which gives every verdict, limit and message. Not sure of: a
 * body that is not exactly one gzip member (several members, bytes after the trailer), a header
 * flag other than FTEXT, FEXTRA, FNAME and FCOMMENT, a Huffman code that is over-subscribed or
 * incomplete (zlib accepts a few incomplete ones; they go to it), any invalid symbol, code or
 * distance, output that would pass the buffer, and a CRC-32 or length that does not match the
 * trailer's. So whatever it accepts zlib accepts too, with the same bytes (the CRC-32 and length
 * checks catch a wrong decoding), and anything else is decided by zlib.
 *
 * <p>The design follows libdeflate's decoder (read for the idea, no code copied): a 64-bit bit
 * buffer refilled eight bytes at a time, one table lookup per symbol (11 bits for literals and
 * lengths, 8 for distances, with sub-tables for the longer codes), a length's or distance's code
 * and extra bits taken in one shift, and matches copied by {@code System.arraycopy}.
 */
final class WholeGunzip {

  private static final VarHandle LONGS = Utf8.LONGS;

  private static final int LIT_BITS = 11;
  private static final int DIST_BITS = 8;
  /**
   * A table entry: bits 0-4 the bits it takes (a length's or distance's code and extra bits
   * together), 8-12 a length's or distance's code bits alone (or a sub-table's index bits), 16-31
   * the literal, the length's or distance's base, or the sub-table's start; and these flags.
   */
  private static final int LITERAL = 1 << 13;
  private static final int SUBTABLE = 1 << 14;
  private static final int END_OF_BLOCK = 1 << 15;
  /** An entry no valid code reaches (lit/len 286-287, distance 30-31, or an empty distance code). */
  private static final int INVALID = 1 << 5;
  /** The three codes a table decodes. */
  private static final int CODE_LENGTHS = 0;
  private static final int LIT_LEN = 1;
  private static final int DISTANCE = 2;
  /**
   * Entries a table needs at most, its sub-tables included (libdeflate's "enough" bounds for 11 and
   * 8 bits); a code that needed more would be left to zlib.
   */
  private static final int LIT_ENOUGH = 2342;
  private static final int DIST_ENOUGH = 402;

  private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
      67, 83, 99, 115, 131, 163, 195, 227, 258};
  private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5,
      5, 5, 5, 0};
  private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
      769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
      11, 11, 12, 12, 13, 13};
  /** The order in which a dynamic block sends the code lengths of the code-length code. */
  private static final int[] CLEN_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  private static final int[] FIXED_LIT;
  private static final int[] FIXED_DIST;

  static {
    byte[] lens = new byte[288 + 32];
    for (int i = 0; i < 288; i++) {
      lens[i] = (byte) (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
    }
    for (int i = 0; i < 32; i++) {
      lens[288 + i] = 5;
    }
    FIXED_LIT = new int[LIT_ENOUGH];
    FIXED_DIST = new int[DIST_ENOUGH];
    if (!build(lens, 0, 288, FIXED_LIT, LIT_BITS, LIT_LEN) || !build(lens, 288, 32, FIXED_DIST, DIST_BITS, DISTANCE)) {
      throw new AssertionError("the fixed Huffman codes are complete");
    }
  }

  // The decoder's state for one body.
  private final byte[] in;
  private final int inEnd;
  private int ip;
  private long bits;
  private int count;
  private final byte[] out;
  private int op;
  private int[] lit;
  private int[] dist;
  private int[] dynLit;
  private int[] dynDist;

  private WholeGunzip(byte[] in, byte[] out) {
    this.in = in;
    this.inEnd = in.length;
    this.out = out;
  }

  /**
   * Decodes {@code body}, one gzip member, into {@code out}, which must be of the size its trailer
   * states: that size, or -1 when not sure (see the class comment: the caller then decodes it the
   * JDK's way, and {@code out} holds nothing of use).
   */
  static int decode(byte[] body, byte[] out) {
    WholeGunzip g = new WholeGunzip(body, out);
    try {
      return g.member();
    } catch (ArrayIndexOutOfBoundsException e) {
      // A malformed stream that pointed past a table or the input: zlib will say what is wrong.
      return -1;
    }
  }

  private int member() {
    byte[] b = in;
    int n = inEnd;
    if (n < 18 || (b[0] & 0xFF) != 0x1F || (b[1] & 0xFF) != 0x8B || b[2] != 8) {
      return -1;
    }
    int flags = b[3] & 0xFF;
    if ((flags & ~(0x01 | 0x04 | 0x08 | 0x10)) != 0) {
      return -1; // FHCRC or a reserved bit
    }
    int p = 10;
    if ((flags & 0x04) != 0) { // FEXTRA
      p += 2 + ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8);
    }
    if ((flags & 0x08) != 0) { // FNAME
      p = pastZero(p);
    }
    if ((flags & 0x10) != 0) { // FCOMMENT
      p = pastZero(p);
    }
    if (p > n - 8) {
      return -1;
    }
    ip = p;
    if (!blocks()) {
      return -1;
    }
    // The trailer starts at the first whole byte after the last block.
    int end = ip - (count >>> 3);
    if (end != n - 8) {
      return -1; // read into the padding, or bytes follow the trailer (another member, or garbage)
    }
    long trailer = (long) LONGS.get(b, n - 8);
    int crc = (int) trailer;
    int size = (int) (trailer >>> 32);
    if (size != op || op != out.length) {
      return -1;
    }
    CRC32 c = new CRC32();
    c.update(out, 0, op);
    return (int) c.getValue() == crc ? op : -1;
  }

  /** Past the zero byte that ends the header field at {@code p} (past the input when none does). */
  private int pastZero(int p) {
    while (p < inEnd && in[p] != 0) {
      p++;
    }
    return p + 1;
  }

  /** Reads blocks to the last; false when not sure. */
  private boolean blocks() {
    boolean last;
    do {
      refill();
      last = (bits & 1) != 0;
      int type = (int) (bits >>> 1) & 3;
      drop(3);
      if (type == 0) {
        if (!stored()) {
          return false;
        }
      } else {
        if (type == 1) {
          lit = FIXED_LIT;
          dist = FIXED_DIST;
        } else if (type != 2 || !dynamicTables()) {
          return false;
        }
        if (!codes()) {
          return false;
        }
      }
    } while (!last);
    // Whole bytes still in the buffer were read ahead; the bits of a partial byte are padding.
    drop(count & 7);
    return true;
  }

  private boolean stored() {
    drop(count & 7);
    int p = ip - (count >>> 3);
    bits = 0;
    count = 0;
    if (p > inEnd - 4) {
      return false;
    }
    int len = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
    int nlen = (in[p + 2] & 0xFF) | (in[p + 3] & 0xFF) << 8;
    p += 4;
    if (len != (~nlen & 0xFFFF) || len > inEnd - p || len > out.length - op) {
      return false;
    }
    System.arraycopy(in, p, out, op, len);
    op += len;
    ip = p + len;
    return true;
  }

  private boolean dynamicTables() {
    refill();
    int nlit = (int) (bits & 31) + 257;
    int ndist = (int) (bits >>> 5 & 31) + 1;
    int nclen = (int) (bits >>> 10 & 15) + 4;
    drop(14);
    if (nlit > 286 || ndist > 30) {
      return false;
    }
    byte[] lens = new byte[19];
    for (int i = 0; i < nclen; i++) {
      if (count < 3) {
        refill();
      }
      lens[CLEN_ORDER[i]] = (byte) (bits & 7);
      drop(3);
    }
    int[] clen = new int[1 << 7];
    if (!build(lens, 0, 19, clen, 7, CODE_LENGTHS)) {
      return false;
    }
    byte[] all = new byte[nlit + ndist];
    int i = 0;
    while (i < all.length) {
      if (count < 14) {
        refill();
      }
      int e = clen[(int) bits & 127];
      if ((e & INVALID) != 0) {
        return false;
      }
      drop(e & 31);
      int sym = e >>> 16;
      if (sym < 16) {
        all[i++] = (byte) sym;
        continue;
      }
      int repeat;
      byte value = 0;
      if (sym == 16) {
        if (i == 0) {
          return false;
        }
        value = all[i - 1];
        repeat = 3 + (int) (bits & 3);
        drop(2);
      } else if (sym == 17) {
        repeat = 3 + (int) (bits & 7);
        drop(3);
      } else {
        repeat = 11 + (int) (bits & 127);
        drop(7);
      }
      if (repeat > all.length - i) {
        return false;
      }
      for (int k = 0; k < repeat; k++) {
        all[i++] = value;
      }
    }
    if (all[256] == 0) {
      return false; // no end-of-block code
    }
    if (dynLit == null) {
      dynLit = new int[LIT_ENOUGH];
      dynDist = new int[DIST_ENOUGH];
    }
    lit = dynLit;
    dist = dynDist;
    return build(all, 0, nlit, lit, LIT_BITS, LIT_LEN) && build(all, nlit, ndist, dist, DIST_BITS, DISTANCE);
  }

  /** Literals and matches up to the block's end; false when not sure. */
  private boolean codes() {
    final byte[] o = out;
    final byte[] src = in;
    final int[] lt = lit;
    final int[] dt = dist;
    final int outEnd = o.length;
    final int fastIn = inEnd - 8;
    int p = op;
    int q = ip;
    long bb = bits;
    int bc = count;
    boolean ok = false;
    while (true) {
      if (q <= fastIn) {
        // Refilled on every symbol, without a branch on the bits left: whole bytes up to 56-63 bits.
        bb |= (long) LONGS.get(src, q) << bc;
        q += (63 - bc) >>> 3;
        bc |= 56;
      } else {
        // The last bytes: past the input's end, zero bits, which the trailer check then refuses.
        while (bc <= 56) {
          if (q < inEnd) {
            bb |= (src[q] & 0xFFL) << bc;
          }
          q++;
          bc += 8;
        }
      }
      int e = lt[(int) bb & ((1 << LIT_BITS) - 1)];
      if ((e & SUBTABLE) != 0) {
        e = lt[(e >>> 16) + ((int) (bb >>> LIT_BITS) & ((1 << (e >>> 8 & 31)) - 1))];
      }
      if ((e & LITERAL) != 0) {
        // Up to three literals from the 48 bits or more the buffer holds (codes are 15 bits at most).
        // Written out three times: a loop of at most three was measured slower (docs/benchmarks.md).
        if (p > outEnd - 3) {
          if (p >= outEnd) {
            break;
          }
          o[p++] = (byte) (e >>> 16);
          bb >>>= e & 31;
          bc -= e & 31;
          continue;
        }
        o[p++] = (byte) (e >>> 16);
        bb >>>= e & 31;
        bc -= e & 31;
        e = lt[(int) bb & ((1 << LIT_BITS) - 1)];
        if ((e & LITERAL) == 0) {
          continue;
        }
        o[p++] = (byte) (e >>> 16);
        bb >>>= e & 31;
        bc -= e & 31;
        e = lt[(int) bb & ((1 << LIT_BITS) - 1)];
        if ((e & LITERAL) == 0) {
          continue;
        }
        o[p++] = (byte) (e >>> 16);
        bb >>>= e & 31;
        bc -= e & 31;
        continue;
      }
      if ((e & (END_OF_BLOCK | INVALID)) != 0) {
        bb >>>= e & 31;
        bc -= e & 31;
        ok = (e & INVALID) == 0;
        break;
      }
      // A length's entry holds its code's bits (8-12) and those with its extra bits (0-4).
      int x = e & 31;
      int len = (e >>> 16) + (int) ((bb & ((1L << x) - 1)) >>> (e >>> 8 & 31));
      bb >>>= x;
      int d = dt[(int) bb & ((1 << DIST_BITS) - 1)];
      if ((d & SUBTABLE) != 0) {
        d = dt[(d >>> 16) + ((int) (bb >>> DIST_BITS) & ((1 << (d >>> 8 & 31)) - 1))];
      }
      if ((d & INVALID) != 0) {
        break;
      }
      int y = d & 31;
      int distance = (d >>> 16) + (int) ((bb & ((1L << y) - 1)) >>> (d >>> 8 & 31));
      bb >>>= y;
      bc -= x + y;
      if (distance > p || len > outEnd - p) {
        break;
      }
      int from = p - distance;
      if (distance >= len) {
        System.arraycopy(o, from, o, p, len); // source and target apart
      } else if (distance == 1) {
        java.util.Arrays.fill(o, p, p + len, o[from]);
      } else {
        // The match repeats its last `distance` bytes: copied forward, a byte at a time.
        for (int k = 0; k < len; k++) {
          o[p + k] = o[from + k];
        }
      }
      p += len;
    }
    op = p;
    ip = q;
    bits = bb;
    count = bc;
    return ok;
  }

  /** At least 56 bits in the buffer (past the input's end, zero bits that the trailer check refuses). */
  private void refill() {
    if (ip <= inEnd - 8) {
      bits |= (long) LONGS.get(in, ip) << count;
      ip += (63 - count) >>> 3;
      count |= 56;
    } else {
      while (count <= 56) {
        if (ip < inEnd) {
          bits |= (in[ip] & 0xFFL) << count;
        }
        ip++;
        count += 8;
      }
    }
  }

  private void drop(int n) {
    bits >>>= n;
    count -= n;
  }


  /**
   * Builds the decoding table of the canonical Huffman code with code lengths {@code lens[from,
   * from + n)}: false when the code is over-subscribed or incomplete (an empty code, every length 0,
   * makes a table of invalid entries, as zlib allows when the block uses no such code).
   */
  private static boolean build(byte[] lens, int from, int n, int[] table, int tableBits, int kind) {
    int[] counts = new int[16];
    int max = 0;
    for (int i = 0; i < n; i++) {
      int l = lens[from + i];
      counts[l]++;
      max = Math.max(max, l);
    }
    int size = 1 << tableBits;
    if (max == 0) {
      java.util.Arrays.fill(table, 0, size, INVALID);
      return true;
    }
    int left = 1;
    for (int l = 1; l < 16; l++) {
      left = (left << 1) - counts[l];
      if (left < 0) {
        return false;
      }
    }
    if (left != 0) {
      return false;
    }
    int[] next = new int[16];
    int code = 0;
    for (int l = 1; l < 16; l++) {
      code = (code + counts[l - 1]) << 1;
      next[l] = code;
    }
    next[0] = 0;
    // Sub-table sizes: the longest code under each main-table prefix.
    int[] subBits = null;
    if (max > tableBits) {
      subBits = new int[size];
      int[] probe = next.clone();
      for (int i = 0; i < n; i++) {
        int l = lens[from + i];
        if (l > tableBits) {
          int r = reverse(probe[l]++, l);
          int prefix = r & (size - 1);
          subBits[prefix] = Math.max(subBits[prefix], l - tableBits);
        }
      }
      int at = size;
      for (int prefix = 0; prefix < size; prefix++) {
        if (subBits[prefix] > 0) {
          table[prefix] = SUBTABLE | at << 16 | subBits[prefix] << 8 | tableBits;
          at += 1 << subBits[prefix];
        }
      }
      if (at > table.length) {
        return false;
      }
    }
    for (int i = 0; i < n; i++) {
      int l = lens[from + i];
      if (l == 0) {
        continue;
      }
      int entry = entry(i, l, kind);
      int r = reverse(next[l]++, l);
      if (l <= tableBits) {
        for (int k = r; k < size; k += 1 << l) {
          table[k] = entry;
        }
      } else {
        int ptr = table[r & (size - 1)];
        int base = ptr >>> 16;
        int sb = ptr >>> 8 & 31;
        for (int k = r >>> tableBits; k < 1 << sb; k += 1 << (l - tableBits)) {
          table[base + k] = entry;
        }
      }
    }
    return true;
  }

  /** The table entry of symbol {@code sym} with a code of {@code len} bits. */
  private static int entry(int sym, int len, int kind) {
    if (kind == CODE_LENGTHS) {
      return sym << 16 | len;
    }
    if (kind == LIT_LEN) {
      if (sym < 256) {
        return LITERAL | sym << 16 | len;
      }
      if (sym == 256) {
        return END_OF_BLOCK | len;
      }
      int k = sym - 257;
      return k < LENGTH_BASE.length ? LENGTH_BASE[k] << 16 | len << 8 | (len + LENGTH_EXTRA[k]) : INVALID | len;
    }
    return sym < DIST_BASE.length ? DIST_BASE[sym] << 16 | len << 8 | (len + DIST_EXTRA[sym]) : INVALID | len;
  }

  private static int reverse(int code, int len) {
    return Integer.reverse(code) >>> (32 - len);
  }
}
