package io.tributary.local.blocks;

import java.util.Arrays;

/** A set of longs without boxing (open addressing), for counting distinct token hashes. */
final class LongHashSet {

  private static final long EMPTY = 0;
  private long[] table;
  private int size;
  private boolean hasZero;

  LongHashSet(int expected) {
    table = new long[Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1];
  }

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  void add(long v) {
    if (v == EMPTY) {
      hasZero = true;
      return;
    }
    if (2 * (size + 1) > table.length) {
      grow();
    }
    if (insert(table, v)) {
      size++;
    }
  }

  private static boolean insert(long[] t, long v) {
    int mask = t.length - 1;
    int i = (int) (v ^ (v >>> 32)) & mask;
    while (t[i] != EMPTY) {
      if (t[i] == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
    t[i] = v;
    return true;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    for (long v : old) {
      if (v != EMPTY) {
        insert(table, v);
      }
    }
  }

  /** Calls {@code sink} with every member. */
  void forEach(java.util.function.LongConsumer sink) {
    if (hasZero) {
      sink.accept(0);
    }
    for (long v : table) {
      if (v != EMPTY) {
        sink.accept(v);
      }
    }
  }

  void clear() {
    Arrays.fill(table, EMPTY);
    size = 0;
    hasZero = false;
  }
}
