package io.tributary.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Tests whether every one of a query's words (see {@link Words}) occurs in a message, in time
 * linear in the message whatever the number of words: one pass hashes the message's words and
 * looks each up among the query's (a binary search of at most 64 hashes); only a message whose
 * words cover every hash is then confirmed word for word (hashes can collide). Repeated words
 * count once. Immutable and thread-safe.
 */
public final class WordMatch {

  /** The most distinct words one matcher takes (one bit each). */
  public static final int MAX_WORDS = 64;

  private final List<String> words;
  /** The words' hashes, sorted and distinct, and for each the bits of the words with that hash. */
  private final long[] hashes;
  private final long[] bits;
  private final long all;

  private WordMatch(List<String> words) {
    this.words = words;
    long[] h = new long[words.size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = Words.hash(words.get(i));
    }
    long[] sorted = Arrays.stream(h).distinct().sorted().toArray();
    long[] b = new long[sorted.length];
    for (int i = 0; i < h.length; i++) {
      b[Arrays.binarySearch(sorted, h[i])] |= 1L << i;
    }
    this.hashes = sorted;
    this.bits = b;
    this.all = words.size() == 64 ? -1L : (1L << words.size()) - 1;
  }

  /**
   * A matcher of {@code words} (as {@link Words#of} returns them: lower case), repeats dropped.
   *
   * @throws IllegalArgumentException with more than {@link #MAX_WORDS} distinct words
   */
  public static WordMatch of(Collection<String> words) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(words));
    if (distinct.size() > MAX_WORDS) {
      throw new IllegalArgumentException(distinct.size() + " distinct words; at most " + MAX_WORDS);
    }
    return new WordMatch(List.copyOf(distinct));
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  /** The distinct words, in their first order. */
  public List<String> words() {
    return words;
  }

  /** True when every word occurs in {@code text} as a word of its own. */
  public boolean allIn(String text) {
    if (words.isEmpty()) {
      return true;
    }
    Found found = new Found();
    Words.forEachHash(text, found);
    if (found.mask != all) {
      return false;
    }
    return new HashSet<>(Words.of(text)).containsAll(words);
  }

  /** Collects the bits of the query's words whose hashes the text holds. */
  private final class Found implements LongConsumer {
    long mask;

    @Override
    public void accept(long h) {
      int i = Arrays.binarySearch(hashes, h);
      if (i >= 0) {
        mask |= bits[i];
      }
    }
  }
}
