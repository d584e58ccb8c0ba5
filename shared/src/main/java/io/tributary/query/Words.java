package io.tributary.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a "word" of a message is for full-text search: a maximal run of letters and digits,
 * lower-cased. {@code blk_-1608 ERROR:} holds the words {@code blk}, {@code 1608}, {@code error}.
 * Every store tokenises messages this way, so a query matches the same lines everywhere.
 */
public final class Words {

  /** Longer runs are cut into pieces of this length (a store's term limit). */
  public static final int MAX_WORD_LENGTH = 255;

  private Words() {
  }

  public static boolean isWordChar(int codePoint) {
    return Character.isLetterOrDigit(codePoint);
  }

  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!isWordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      int count = 0;
      while (i < n) {
        cp = text.codePointAt(i);
        if (!isWordChar(cp) || count == MAX_WORD_LENGTH) {
          break;
        }
        i += Character.charCount(cp);
        count++;
      }
      out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
