package io.tributary.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What a "word" of a message is for full-text search: a maximal run of letters and digits,
 * lower-cased code point by code point. {@code blk_-1608 ERROR:} holds the words {@code blk},
 * {@code 1608}, {@code error}. Every store tokenises messages this way, so a query matches the same
 * lines everywhere; {@link #hash} gives stores a 64-bit fingerprint of a word without building it.
 */
public final class Words {

  /** Longer runs are cut into pieces of this many code points (a store's term limit). */
  public static final int MAX_WORD_LENGTH = 255;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Words() {
  }

  public static boolean isWordChar(int codePoint) {
    return Character.isLetterOrDigit(codePoint);
  }

  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!isWordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      word.setLength(0);
      int count = 0;
      while (i < n) {
        cp = text.codePointAt(i);
        if (!isWordChar(cp) || count == MAX_WORD_LENGTH) {
          break;
        }
        word.appendCodePoint(Character.toLowerCase(cp));
        i += Character.charCount(cp);
        count++;
      }
      out.add(word.toString());
    }
    return out;
  }

  /** For ASCII: the lower-case form of a word character, or -1 for a separator. */
  private static final int[] ASCII = new int[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII[c] = isWordChar(c) ? Character.toLowerCase(c) : -1;
    }
  }

  /** Calls {@code sink} with the {@link #hash} of every word of {@code text}, in order, building no strings. */
  public static void forEachHash(String text, LongConsumer sink) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      long h = FNV_OFFSET;
      int count = 0;
      int width = 1;
      while (i < n && count < MAX_WORD_LENGTH) {
        char c = text.charAt(i);
        int lower;
        width = 1;
        if (c < 128) {
          // ASCII, the common case: one table lookup, no code-point decoding.
          lower = ASCII[c];
        } else {
          int cp = Character.isHighSurrogate(c) ? text.codePointAt(i) : c;
          width = Character.charCount(cp);
          lower = isWordChar(cp) ? Character.toLowerCase(cp) : -1;
        }
        if (lower < 0) {
          break;
        }
        h = mix(h, lower);
        i += width;
        count++;
      }
      if (count > 0) {
        sink.accept(finish(h));
      } else {
        i += width;
      }
    }
  }

  /**
   * Whether {@code word} (lower-case, as {@link #of} returns words) is one of the words of
   * {@code text}: {@code Words.of(text).contains(word)}, building no strings.
   */
  public static boolean contains(String text, String word) {
    return find(text, word, false);
  }

  /**
   * Whether some word of {@code text} starts with {@code prefix} (lower-case, as {@link #of}
   * returns words): {@code Words.of(text).stream().anyMatch(w -> w.startsWith(prefix))}, building
   * no strings.
   */
  public static boolean anyStartsWith(String text, String prefix) {
    return find(text, prefix, true);
  }

  /** A word of {@code text} equal to {@code word}, or starting with it when {@code prefix}. */
  private static boolean find(String text, String word, boolean prefix) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int count = 0;
      int width = 1;
      int at = 0;
      boolean same = true;
      while (i < n && count < MAX_WORD_LENGTH) {
        char c = text.charAt(i);
        int lower;
        width = 1;
        if (c < 128) {
          lower = ASCII[c];
        } else {
          int cp = Character.isHighSurrogate(c) ? text.codePointAt(i) : c;
          width = Character.charCount(cp);
          lower = isWordChar(cp) ? Character.toLowerCase(cp) : -1;
        }
        if (lower < 0) {
          break;
        }
        if (same) {
          // Compared in UTF-16 units, as String.equals and startsWith compare.
          if (at >= word.length()) {
            same = prefix;
          } else if (lower < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
            same = word.charAt(at++) == lower;
          } else {
            same = word.charAt(at++) == Character.highSurrogate(lower);
            if (same) {
              same = at < word.length() ? word.charAt(at++) == Character.lowSurrogate(lower) : prefix;
            }
          }
        }
        i += width;
        count++;
      }
      if (count > 0) {
        if (same && at == word.length()) {
          return true;
        }
      } else {
        i += width;
      }
    }
    return false;
  }

  /** The fingerprint of an attribute's value under its name, for filters of attribute values. */
  public static long attributeHash(String key, Object value) {
    long h = FNV_OFFSET;
    for (int i = 0; i < key.length(); i++) {
      h = mix(h, key.charAt(i));
    }
    h = mix(h, 0);
    if (value instanceof Long l) {
      long v = l;
      if (v < 0) {
        h = mix(h, '-');
      }
      // The decimal digits of v, most significant first, as Long.toString writes them.
      char[] digits = new char[20];
      int d = 0;
      do {
        digits[d++] = (char) ('0' + Math.abs(v % 10));
        v /= 10;
      } while (v != 0);
      while (d > 0) {
        h = mix(h, digits[--d]);
      }
      return finish(h);
    }
    String s = String.valueOf(value);
    for (int i = 0; i < s.length(); i++) {
      h = mix(h, s.charAt(i));
    }
    return finish(h);
  }

  /** The fingerprint of one word as {@link #of} returns it (already lower-case). */
  public static long hash(String word) {
    long h = FNV_OFFSET;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      h = mix(h, cp);
      i += Character.charCount(cp);
    }
    return finish(h);
  }

  private static long mix(long h, int codePoint) {
    return (h ^ codePoint) * FNV_PRIME;
  }

  /** A final avalanche, so that nearby words spread over a filter's bits. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
