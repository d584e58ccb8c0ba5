package io.tributary.pattern;

import java.util.Arrays;

/**
 * Splits a body into tokens at white space (a {@code key="quoted value"} stays one token) and
 * replaces what the {@link TokenClass}es recognise as variable with {@value Pattern#WILDCARD}.
 * Beyond {@code maxTokens} the rest of the body becomes one trailing wildcard; beyond
 * {@code maxTokenChars} the rest of a token does. A list of ids varies in length, so it is kept as
 * one token: a token that repeats the masked one before it and mixes text with a wildcard
 * ({@code blk_<*> blk_<*>}) is dropped, and so is one that differs from the one before it only in
 * its numbers ({@code an14 an15}, {@code 10.0.0.1 10.0.0.2}; {@code cpu0 cpu1 cpu2} becomes
 * {@code cpu<*>}).
 *
 * <p>The masked tokens are kept as text in one buffer and as 64-bit hashes, so a miner compares
 * lines with templates without making a string per token; {@link #token(int)} makes one when a
 * template needs it. Not thread-safe: it reuses its buffers, and its results are valid until the
 * next {@link #tokenize}; one per miner, used under the miner's lock.
 */
final class Tokenizer {

  /** The hash of {@value Pattern#WILDCARD}. */
  static final long WILDCARD_HASH = hash(Pattern.WILDCARD, 0, 3);

  private static final String W = Pattern.WILDCARD;
  private static final String OPENERS = "([{<\"'";
  private static final String CLOSERS = ")]}>\"',;:.!?";
  private static final String JOINERS = ".:-_/,";

  /**
   * The hashes of month and weekday names (English, full and short, capitalised or upper case,
   * bare or before a comma), sorted: a date written in words inside a body is a variable, as its
   * numbers are (the general preprocessing rules of Qin et al., arXiv 2412.05254).
   */
  private static final long[] DATE_WORDS = dateWords();

  private final int maxTokens;
  private final int maxTokenChars;
  private final StringBuilder text = new StringBuilder(256);
  private long[] hashes = new long[32];
  private int[] starts = new int[32];
  private int count;
  /** Set by {@link #mask} when the token just masked is a unit that joins the number before it. */
  private boolean folded;
  /** Where the last token read stands in the body, and {@link #count} after it; see {@link #sameListItem}. */
  private int itemStart;
  private int itemEnd;
  private int itemCount;

  Tokenizer(MinerOptions options) {
    this.maxTokens = options.maxTokens();
    this.maxTokenChars = options.maxTokenChars();
  }

  /** Tokenizes and masks {@code body}; read the result with {@link #count()}, {@link #hash(int)}, {@link #token(int)}. */
  void tokenize(String body) {
    text.setLength(0);
    count = 0;
    itemCount = -1;
    int n = body.length();
    int i = 0;
    while (true) {
      while (i < n && isBlank(body.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      if (count == maxTokens - 1) {
        begin();
        text.append(W);
        end();
        break;
      }
      int start = i;
      while (i < n && !isBlank(body.charAt(i))) {
        char c = body.charAt(i);
        if ((c == '"' || c == '\'') && i > start && body.charAt(i - 1) == '=') {
          int close = body.indexOf(c, i + 1);
          if (close > 0 && close - i <= 256) {
            i = close;
          }
        }
        i++;
      }
      int before = count;
      begin();
      mask(body, start, i);
      boolean item = count > 0 && count == itemCount && !folded && sameListItem(body, itemStart, itemEnd, start, i);
      if (item) {
        foldListItem();
      } else {
        end();
      }
      itemStart = start;
      itemEnd = i;
      itemCount = item || count == before + 1 ? count : -1;
    }
  }

  int count() {
    return count;
  }

  long hash(int i) {
    return hashes[i];
  }

  /** The masked text of token {@code i}; the {@link Pattern#WILDCARD} constant itself for a wildcard. */
  String token(int i) {
    if (hashes[i] == WILDCARD_HASH) {
      return W;
    }
    return text.substring(starts[i], i + 1 < count ? starts[i + 1] : text.length());
  }

  /** The hashes of the current tokens, copied. */
  long[] hashes() {
    return Arrays.copyOf(hashes, count);
  }

  /** The current tokens as strings. */
  String[] tokens() {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = token(i);
    }
    return out;
  }

  private void begin() {
    if (count == hashes.length) {
      hashes = Arrays.copyOf(hashes, count * 2);
      starts = Arrays.copyOf(starts, count * 2);
    }
    starts[count] = text.length();
  }

  /** Ends a token; a repeat of the previous one that mixes text and wildcards (a list of ids) is dropped. */
  private void end() {
    if (folded) {
      folded = false;
      hashes[count - 1] = hash(text, starts[count - 1], text.length());
      dropValueGroup();
      return;
    }
    long h = hash(text, starts[count], text.length());
    int len = text.length() - starts[count];
    if (len >= 3 && len <= 10 && Character.isUpperCase(text.charAt(starts[count]))
        && Arrays.binarySearch(DATE_WORDS, h) >= 0) {
      boolean comma = text.charAt(text.length() - 1) == ',';
      text.setLength(starts[count]);
      text.append(W);
      if (comma) {
        text.append(',');
      }
      h = hash(text, starts[count], text.length());
    }
    if (count > 0 && h == hashes[count - 1] && repeatable(starts[count], text.length())) {
      text.setLength(starts[count]);
      return;
    }
    hashes[count] = h;
    count++;
    dropValueGroup();
  }

  /**
   * True when the body's tokens {@code [a, aEnd)} and {@code [b, bEnd)}, side by side, are items
   * of one list of ids: they hold numbers ({@link #numberEnd}), and differ at most in those
   * ({@code an14 an15}, {@code cpu0 cpu1}, {@code 10.0.0.1 10.0.0.2}, {@code 14 0 4},
   * {@code 003b005b 00030000}). A list varies in length from line to line, and Drain-like miners
   * compare only lines of one length; values of different kinds side by side ({@code 22 ssh2},
   * {@code Jul 3}) are not a list.
   */
  private static boolean sameListItem(String body, int a, int aEnd, int b, int bEnd) {
    boolean numbers = false;
    int i = a;
    int j = b;
    while (i < aEnd && j < bEnd) {
      int ni = numberEnd(body, i, aEnd);
      int nj = numberEnd(body, j, bEnd);
      if (ni > i && nj > j) {
        i = ni;
        j = nj;
        numbers = true;
      } else if (body.charAt(i) != body.charAt(j)) {
        return false;
      } else {
        i++;
        j++;
      }
    }
    return numbers && i == aEnd && j == bEnd;
  }

  /**
   * The end of the number at {@code i}: a run of decimal digits, or of four or more hex digits
   * holding a decimal one ({@code 8aff0003}; not the {@code d2} of {@code sshd2}); else {@code i}.
   */
  private static int numberEnd(String body, int i, int end) {
    int k = i;
    boolean digit = false;
    boolean letter = false;
    while (k < end && Character.digit(body.charAt(k), 16) >= 0) {
      boolean d = isDigit(body.charAt(k));
      digit |= d;
      letter |= !d;
      k++;
    }
    return digit && (!letter || k - i >= 4) ? k : i;
  }

  /**
   * Ends the token just masked as one more item of the list the token before it began: it is
   * dropped, and the list's one token keeps the first item's masked form, its numbers (as
   * {@link #sameListItem} found them) masked if they were not ({@code cpu0}, a name with one digit, is a constant alone; {@code cpu0 cpu1}
   * becomes {@code cpu<*>}).
   */
  private void foldListItem() {
    int first = starts[count - 1];
    int from = starts[count];
    text.setLength(from);
    for (int i = first; i < from; i++) {
      if (wildcardAt(i, from)) {
        return;
      }
    }
    String item = text.substring(first, from);
    text.setLength(first);
    for (int i = 0; i < item.length(); ) {
      int number = numberEnd(item, i, item.length());
      if (number > i) {
        text.append(W);
        i = number;
      } else {
        text.append(item.charAt(i++));
      }
    }
    hashes[count - 1] = hash(text, first, text.length());
  }

  /** True when a wildcard starts at {@code i} of the text and ends at or before {@code end}. */
  private boolean wildcardAt(int i, int end) {
    return i + 3 <= end && endsWithWildcard(text, i, i + 3);
  }

  /** Tokens a group of values in brackets may span ({@code (1.16 KB)} is one, {@code ( 1 2 )} four). */
  private static final int MAX_GROUP_TOKENS = 8;

  /**
   * Drops the tokens just ended when they are a group in {@code ( )} or {@code [ ]} that holds only
   * variables ({@code (<*> <*>)} from {@code (1.16 KB)}, {@code (<*>)} from {@code (35591540)}), after
   * some other token: such a group restates or annotates a value beside it, and loggers often print
   * it only for some values (a size in KB once above 1,024 bytes), so a statement would otherwise
   * have as many lengths as the group has forms, and Drain-like miners only compare lines of one
   * length. A group holding a word ({@code (dcr <*>)}, {@code [client <*>]}) stays.
   */
  private void dropValueGroup() {
    int last = count - 1;
    int end = text.length();
    char close = text.charAt(end - 1);
    if (close != ')' && close != ']' || last < 1) {
      return;
    }
    char open = close == ')' ? '(' : '[';
    boolean wildcard = false;
    for (int j = last; j > 0 && j > last - MAX_GROUP_TOKENS; j--) {
      int from = starts[j];
      int to = j == last ? end : starts[j + 1];
      int values = values(from, to);
      if (values < 0) {
        return;
      }
      wildcard |= values > 0;
      if (text.charAt(from) == open) {
        if (wildcard) {
          text.setLength(from);
          count = j;
        }
        return;
      }
    }
  }

  /**
   * The wildcards in {@code [from, to)} of the text when it holds only wildcards, brackets and
   * commas ({@code (<*>}, {@code <*>,}, {@code )}); else -1.
   */
  private int values(int from, int to) {
    int wildcards = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (wildcardAt(i, to)) {
        wildcards++;
        i += 2;
      } else if ("()[],".indexOf(c) < 0) {
        return -1;
      }
    }
    return wildcards;
  }

  /** True when {@code [start, end)} of the text holds a wildcard and some literal text ({@code blk_<*>}). */
  private boolean repeatable(int start, int end) {
    boolean wildcard = false;
    boolean literal = false;
    for (int i = start; i < end; i++) {
      if (wildcardAt(i, end)) {
        wildcard = true;
        i += 2;
      } else {
        literal = true;
      }
    }
    return wildcard && literal;
  }

  private static boolean isBlank(char c) {
    return c <= ' ' || c == '\u00a0' || c == '\u3000';
  }

  /** Appends the masked form of the token {@code [start, end)}. */
  private void mask(String s, int start, int end) {
    boolean truncated = end - start > maxTokenChars;
    if (truncated) {
      end = start + maxTokenChars;
    }
    if (end - start > 1 && (s.charAt(start) == '<' && s.charAt(end - 1) != '>' || s.charAt(start) == '>')
        && isDigit(s.charAt(start + 1))) {
      // A bound before a number (<1 sec, >100) belongs to the value, as a minus sign does.
      start++;
    }
    int a = start;
    int b = end;
    while (a < b && OPENERS.indexOf(s.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && CLOSERS.indexOf(s.charAt(b - 1)) >= 0) {
      b--;
    }
    StringBuilder out = text;
    char open = a > start ? s.charAt(a - 1) : 0;
    boolean quoted = (open == '"' || open == '\'') && b < end && s.charAt(b) == open;
    if (a == b || !quoted && lettersOnly(s, a, b)) {
      if (a == start && count > 0 && previousIsNumber() && (isUnit(s, a, b) || isDurationUnit(s, a, b))) {
        // The unit of a size or a duration written apart from its number (5.2 KB, 384.0 B,
        // (1.16 KB), 3 sec) is part of one value: it joins the number's variable, and what
        // follows it (a bracket, a comma) joins that token.
        out.append(s, b, end);
        folded = true;
      } else {
        out.append(s, start, end);
      }
    } else {
      out.append(s, start, a);
      int eq = keyValueSplit(s, a, b);
      TokenClass whole = eq < 0 ? TokenClass.wholeTokenClass(s, a, b, quoted) : TokenClass.KEY_VALUE;
      if (whole == null && TokenClass.isHostPort(s, a, b)) {
        whole = TokenClass.HOST_PORT;
      }
      if (whole == TokenClass.KEY_VALUE) {
        out.append(s, a, eq + 1);
        char q = s.charAt(eq + 1);
        if ((q == '"' || q == '\'') && b < end && s.charAt(b) == q) {
          out.append(q);
        }
        out.append(W);
      } else if (whole != null) {
        out.append(W);
      } else {
        maskNumbered(s, a, b, out, starts[count]);
      }
      out.append(s, b, end);
    }
    if (truncated && !endsWithWildcard(out, starts[count], out.length())) {
      out.append(W);
    }
  }

  /** True when the previous token is a wildcard, after brackets or not ({@code <*>}, {@code (<*>}). */
  private boolean previousIsNumber() {
    if (hashes[count - 1] == WILDCARD_HASH) {
      return true;
    }
    int i = starts[count - 1];
    int end = starts[count];
    while (end - i > 3 && OPENERS.indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return end - i == 3 && wildcardAt(i, end);
  }

  /** Units of size, whose scale a logger picks by the value ({@code 384.0 B}, {@code 5.2 KB}). */
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "kB", "KiB", "MiB", "GiB", "TiB"};

  /** Units of a duration apart from its number, as the "duration" class of arXiv 2412.05254 has them. */
  private static boolean isDurationUnit(String s, int a, int b) {
    int n = b - a;
    return n == 1 && s.charAt(a) == 's' || n == 2 && s.startsWith("ms", a) || n == 3 && s.startsWith("sec", a);
  }

  /** True when {@code [a, b)} is the unit of a size. */
  private static boolean isUnit(String s, int a, int b) {
    int n = b - a;
    if (n > 4) {
      return false;
    }
    for (String u : UNITS) {
      if (u.length() == n && s.startsWith(u, a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean lettersOnly(String s, int a, int b) {
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  /** The index of the {@code =} of a {@code key=value} core with a non-empty value, or -1. */
  private static int keyValueSplit(String s, int a, int b) {
    char first = s.charAt(a);
    if (!(Character.isLetter(first) || first == '_')) {
      return -1;
    }
    for (int i = a + 1; i < b - 1; i++) {
      char c = s.charAt(i);
      if (c == '=') {
        return i;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Appends {@code [a, b)} with every letter-and-digit run that is numbered replaced by a
   * wildcard (see {@link TokenClass#NUMBERED}): a run with two or more digits, or starting with a
   * digit, or a lone digit. A name with one digit inside or at its end ({@code ssh2},
   * {@code SOCKS5}, {@code log4j}, {@code u0}) stays.
   */
  private static void maskNumbered(String s, int a, int b, StringBuilder out, int floor) {
    int i = a;
    while (i < b) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        out.append(c);
        i++;
        continue;
      }
      int j = i;
      int digits = 0;
      while (j < b && Character.isLetterOrDigit(s.charAt(j))) {
        if (Character.isDigit(s.charAt(j))) {
          digits++;
        }
        j++;
      }
      boolean numbered = digits >= 2 || digits == 1 && (Character.isDigit(c) || j - i == 1);
      if (!numbered) {
        out.append(s, i, j);
      } else {
        int len = out.length();
        if (len > floor && out.charAt(len - 1) == '-' && (len - 1 == floor || !endsWordOrWildcard(out, floor, len - 1))) {
          out.setLength(--len);
        }
        if (len > floor && JOINERS.indexOf(out.charAt(len - 1)) >= 0 && endsWithWildcard(out, floor, len - 1)) {
          out.setLength(len - 1);
        } else if (!endsWithWildcard(out, floor, len)) {
          out.append(W);
        }
      }
      i = j;
    }
  }

  private static boolean endsWordOrWildcard(StringBuilder out, int floor, int end) {
    char c = out.charAt(end - 1);
    return Character.isLetterOrDigit(c) || endsWithWildcard(out, floor, end);
  }

  /** True when {@code out} has a wildcard ending at {@code end} and starting at or after {@code floor}. */
  private static boolean endsWithWildcard(StringBuilder out, int floor, int end) {
    return end - 3 >= floor && out.charAt(end - 1) == '>' && out.charAt(end - 2) == '*' && out.charAt(end - 3) == '<';
  }

  private static long[] dateWords() {
    String[] names = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
        "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
        "Wed", "Thu", "Fri", "Sat", "Sun"};
    long[] out = new long[names.length * 4];
    int n = 0;
    for (String name : names) {
      for (String form : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
        out[n++] = hash(form, 0, form.length());
        out[n++] = hash(form + ",", 0, form.length() + 1);
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** A 64-bit hash (FNV-1a, then mixed) of {@code [start, end)}. */
  static long hash(CharSequence s, int start, int end) {
    long h = 0xcbf29ce484222325L;
    for (int i = start; i < end; i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
