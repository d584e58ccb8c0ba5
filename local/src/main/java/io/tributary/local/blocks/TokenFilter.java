package io.tributary.local.blocks;

import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;

/**
 * A Bloom filter of the words and attribute values in one block (about 1 % false positives at 10
 * bits per distinct token, 6 probes), so a full-text or attribute query skips every block that
 * cannot hold a match without reading its rows.
 */
final class TokenFilter {

  private static final int PROBES = 6;
  private final long[] bits;

  private TokenFilter(long[] bits) {
    this.bits = bits;
  }

  static TokenFilter of(LongHashSet tokens) {
    int words = Math.max(1, (tokens.size() * 10 + 63) / 64);
    TokenFilter f = new TokenFilter(new long[words]);
    tokens.forEach(f::add);
    return f;
  }

  private void add(long h) {
    long m = (long) bits.length * 64;
    long h1 = h;
    long h2 = (h >>> 29) | (h << 35) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = Math.floorMod(h1 + i * h2, m);
      bits[(int) (bit >>> 6)] |= 1L << (bit & 63);
    }
  }

  boolean mightContain(long h) {
    long m = (long) bits.length * 64;
    long h1 = h;
    long h2 = (h >>> 29) | (h << 35) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = Math.floorMod(h1 + i * h2, m);
      if ((bits[(int) (bit >>> 6)] & (1L << (bit & 63))) == 0) {
        return false;
      }
    }
    return true;
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
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      bits[i] = r.readLong();
    }
    return new TokenFilter(bits);
  }
}
