package io.tributary.pattern;

/**
 * Where a line is routed in the miner's fixed-depth tree: its token count and the hashes of its
 * first two masked tokens (0 where there is none). Only clusters under the same key are compared
 * with the line.
 */
record LeafKey(int length, long first, long second) {

  static LeafKey of(int length, long[] hashes) {
    return new LeafKey(length, length > 0 ? hashes[0] : 0, length > 1 ? hashes[1] : 0);
  }

  static LeafKey of(Tokenizer line) {
    int n = line.count();
    return new LeafKey(n, n > 0 ? line.hash(0) : 0, n > 1 ? line.hash(1) : 0);
  }
}
