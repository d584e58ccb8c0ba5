package io.tributary.local.blocks;

import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;

/**
 * A blocked Bloom filter of the words and attribute values in one block, so a full-text or
 * attribute query skips every block that cannot hold a match without reading its rows. Each token
 * sets {@value #PROBES} bits inside one 512-bit cache line (one memory miss per token rather than
 * six). It is built at a size ample for every token the block saw, then folded in halves while
 * the estimated number of distinct tokens still gets about 12 bits each (about 1 % false hits):
 * no exact count of distinct tokens is needed.
 */
final class TokenFilter {

  private static final int PROBES = 6;
  private static final int LINE_LONGS = 8;
  private static final int BITS_PER_TOKEN = 12;
  private final long[] bits;

  private TokenFilter(long[] bits) {
    this.bits = bits;
  }

  /** A filter for up to {@code tokens} additions (repeats included). */
  static TokenFilter forTokens(long tokens) {
    long wantedBits = Math.max(512, tokens * BITS_PER_TOKEN);
    int lines = (int) Math.min(1 << 24, Long.highestOneBit(wantedBits / 512 - 1 | 1) << 1);
    return new TokenFilter(new long[lines * LINE_LONGS]);
  }

  void add(long h) {
    int lines = bits.length / LINE_LONGS;
    int base = line(h, lines);
    for (int i = 0; i < PROBES; i++) {
      int bit = (int) (h >>> (i * 9)) & 511;
      bits[base + (bit >>> 6)] |= 1L << (bit & 63);
    }
  }

  boolean mightContain(long h) {
    int lines = bits.length / LINE_LONGS;
    int base = line(h, lines);
    for (int i = 0; i < PROBES; i++) {
      int bit = (int) (h >>> (i * 9)) & 511;
      if ((bits[base + (bit >>> 6)] & (1L << (bit & 63))) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Halves the filter while it stays at least {@value #BITS_PER_TOKEN} bits per distinct token,
   * estimating the distinct count from the share of bits set. Line {@code i} and line
   * {@code i + lines/2} merge, which keeps every membership answer true for what was added.
   */
  TokenFilter folded() {
    long[] b = bits;
    while (b.length > LINE_LONGS) {
      long set = 0;
      for (long w : b) {
        set += Long.bitCount(w);
      }
      double m = b.length * 64.0;
      double fill = Math.min(set / m, 0.999999);
      double distinct = -m / PROBES * Math.log1p(-fill);
      if (m / 2 < distinct * BITS_PER_TOKEN) {
        break;
      }
      long[] half = new long[b.length / 2];
      for (int i = 0; i < half.length; i++) {
        half[i] = b[i] | b[i + half.length];
      }
      b = half;
    }
    return new TokenFilter(b);
  }

  /**
   * {@link #folded()} down to {@code bitsPerToken} bits per distinct token (fewer: smaller, more
   * false hits), in one pass: the distinct count is estimated once, from this filter, which is
   * accurate while it is sparse (as a filter sized for every addition is), and the lines that fold
   * onto each other are merged together.
   */
  TokenFilter folded(int bitsPerToken) {
    int lines = bits.length / LINE_LONGS;
    double wanted = estimatedTokens() * (double) bitsPerToken / 512;
    int target = lines;
    while (target > 1 && target / 2 >= wanted) {
      target /= 2;
    }
    long[] out = new long[target * LINE_LONGS];
    for (int i = 0; i < bits.length; i++) {
      out[i & (out.length - 1)] |= bits[i];
    }
    return new TokenFilter(out);
  }

  /** Removes every token, keeping the size: for a filter reused chunk after chunk. */
  void clear() {
    java.util.Arrays.fill(bits, 0L);
  }

  /** The cache line of a token: from bits the probes do not use. */
  private static int line(long h, int lines) {
    return (int) (((h * 0x9E3779B97F4A7C15L) >>> 40) & (lines - 1)) * LINE_LONGS;
  }

  /** About how many distinct tokens were added, from the share of bits set. */
  long estimatedTokens() {
    long set = 0;
    for (long w : bits) {
      set += Long.bitCount(w);
    }
    double m = bits.length * 64.0;
    return (long) Math.ceil(-m / PROBES * Math.log1p(-Math.min(set / m, 0.999999)));
  }

  int sizeBytes() {
    return bits.length * 8;
  }

  void write(ByteWriter w) {
    w.writeVarInt(bits.length);
    for (long b : bits) {
      w.writeLong(b);
    }
  }

  static TokenFilter read(ByteReader r) {
    int n = r.readVarInt();
    if (n % LINE_LONGS != 0 || Integer.bitCount(n / LINE_LONGS) != 1) {
      throw new io.tributary.frame.CorruptFrameException("token filter of " + n + " words");
    }
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      bits[i] = r.readLong();
    }
    return new TokenFilter(bits);
  }
}
