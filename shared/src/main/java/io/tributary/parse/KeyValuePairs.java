package io.tributary.parse;

/**
 * Finds {@code key=value} and {@code key: value} pairs in a line's body and records them as
 * attributes: {@code uid=10037}, {@code tag="View Lock"}, {@code status: 200 len: 1893 time: 0.24}.
 *
 * <p>A key is an identifier ({@code [A-Za-z_][A-Za-z0-9_.-]*}) that starts a word. A value is a
 * quoted string or runs to the next space, comma or semicolon. {@code key: value} counts only at
 * the start of the body, after a comma, semicolon or closing quote, or right after another pair,
 * and only when its one-token value ends there or another pair follows, so prose with a colon
 * ({@code Notification time out: 3200}, {@code input_userauth_request: invalid user admin}) is not
 * read as a pair. Integers
 * become {@code Long}, decimals {@code Double}, {@code true}/{@code false} {@code Boolean}, the rest
 * stay text. At most {@link #MAX_PAIRS} pairs in the first {@link #MAX_SCAN} characters.
 */
final class KeyValuePairs {

  static final int MAX_PAIRS = 32;
  static final int MAX_SCAN = 4096;
  static final int MAX_KEY = 64;
  static final int MAX_VALUE = 256;

  private KeyValuePairs() {
  }

  static void scan(String s, int from, int to, HeaderScan h) {
    int end = Math.min(to, from + MAX_SCAN);
    int count = 0;
    int lastPairEnd = -2;
    int nextEquals = s.indexOf('=', from);
    int nextColon = s.indexOf(": ", from);
    for (int i = from; i < end && count < MAX_PAIRS; i++) {
      if (nextEquals >= 0 && nextEquals < i) {
        nextEquals = s.indexOf('=', i);
      }
      if (nextColon >= 0 && nextColon < i) {
        nextColon = s.indexOf(": ", i);
      }
      i = nextEquals < 0 ? nextColon : nextColon < 0 ? nextEquals : Math.min(nextEquals, nextColon);
      if (i < 0 || i >= end) {
        break;
      }
      boolean equals = i == nextEquals;
      boolean colon = !equals && i + 1 < end;
      int keyStart = keyStart(s, from, i);
      if (keyStart < 0) {
        continue;
      }
      if (colon) {
        char before = keyStart == from ? ',' : s.charAt(keyStart - 1);
        boolean afterPair = keyStart - 1 == lastPairEnd;
        char beforeSpace = keyStart - 2 >= from ? s.charAt(keyStart - 2) : ',';
        if (!(keyStart == from || afterPair || (before == ' ' && (beforeSpace == ',' || beforeSpace == ';'
            || beforeSpace == '"')))) {
          continue;
        }
      }
      int v = colon ? i + 2 : i + 1;
      int valueEnd;
      int valueStart = v;
      int contentEnd;
      if (v < end && (s.charAt(v) == '"' || s.charAt(v) == '\'')) {
        int close = s.indexOf(s.charAt(v), v + 1);
        if (close < 0 || close >= end) {
          continue;
        }
        valueStart = v + 1;
        contentEnd = close;
        valueEnd = close + 1;
      } else {
        valueEnd = v;
        while (valueEnd < end) {
          char x = s.charAt(valueEnd);
          if (Chars.isSpace(x) || x == ',' || x == ';') {
            break;
          }
          valueEnd++;
        }
        contentEnd = trimClosers(s, valueStart, valueEnd);
      }
      if (contentEnd <= valueStart || contentEnd - valueStart > MAX_VALUE
          || colon && !endsPairValue(s, valueEnd, end)) {
        i = Math.max(i, valueEnd - 1);
        continue;
      }
      h.attribute(s.substring(keyStart, i), value(s, valueStart, contentEnd));
      count++;
      lastPairEnd = valueEnd;
      i = valueEnd - 1;
    }
  }

  /**
   * True when a {@code key: value} value ending at {@code at} ends its pair: the text ends, a comma
   * or semicolon follows, or another pair starts ({@code status: 200 len: 1893}).
   */
  private static boolean endsPairValue(String s, int at, int end) {
    if (at >= end || s.charAt(at) == ',' || s.charAt(at) == ';') {
      return true;
    }
    int next = Chars.skipSpaces(s, at, end);
    if (next >= end) {
      return true;
    }
    int k = next;
    while (k < end && (Chars.isAlnum(s.charAt(k)) || s.charAt(k) == '_' || s.charAt(k) == '.' || s.charAt(k) == '-')) {
      k++;
    }
    return k > next && k < end && (s.charAt(k) == '=' || s.charAt(k) == ':' && k + 1 < end && s.charAt(k + 1) == ' ');
  }

  /** The start of the key ending just before {@code at}, or -1 when there is none. */
  private static int keyStart(String s, int from, int at) {
    int k = at;
    while (k > from && k > at - MAX_KEY) {
      char c = s.charAt(k - 1);
      if (Chars.isAlnum(c) || c == '_' || c == '.' || c == '-') {
        k--;
      } else {
        break;
      }
    }
    if (k == at || !(Chars.isLetter(s.charAt(k)) || s.charAt(k) == '_')) {
      return -1;
    }
    if (k > from) {
      char before = s.charAt(k - 1);
      if (!Chars.isSpace(before) && ",;([{|\"'".indexOf(before) < 0) {
        return -1;
      }
    }
    return k;
  }

  /** Drops closing brackets and a final period that belong to the text around the value. */
  private static int trimClosers(String s, int start, int end) {
    int e = end;
    while (e > start) {
      char c = s.charAt(e - 1);
      char open = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
      if (open != 0 && HeaderRule.indexOf(s, open, start, e) < 0 || c == '.' && e - 1 > start) {
        e--;
      } else {
        break;
      }
    }
    return e;
  }

  private static Object value(String s, int start, int end) {
    int i = start;
    if (s.charAt(i) == '-' && end - start > 1) {
      i++;
    }
    int digitsEnd = Chars.digitRunEnd(s, i, 19);
    if (digitsEnd == end && end - i <= 18 && (s.charAt(i) != '0' || end - i == 1)) {
      return Long.parseLong(s, start, end, 10);
    }
    if (digitsEnd > i && digitsEnd < end && s.charAt(digitsEnd) == '.' && digitsEnd - i <= 15
        && Chars.digitRunEnd(s, digitsEnd + 1, 16) == end && end > digitsEnd + 1
        && (s.charAt(i) != '0' || digitsEnd - i == 1)) {
      return Double.parseDouble(s.substring(start, end));
    }
    String text = s.substring(start, end);
    if ("true".equals(text)) {
      return Boolean.TRUE;
    }
    if ("false".equals(text)) {
      return Boolean.FALSE;
    }
    return text;
  }
}
