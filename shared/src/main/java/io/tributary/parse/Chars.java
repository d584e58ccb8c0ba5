package io.tributary.parse;

/** Character tests and small scanners over log text, shared by the parser's rule tables. */
final class Chars {

  private static final String[] MONTHS = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

  private Chars() {
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  static boolean isAlnum(char c) {
    return isDigit(c) || isLetter(c);
  }

  /** Characters of identifiers, logger names, host names and node ids. */
  static boolean isNameChar(char c) {
    return isAlnum(c) || c == '_' || c == '.' || c == '-' || c == '$' || c == '/' || c == '@' || c == '#'
        || c > 127 && Character.isLetterOrDigit(c);
  }

  /** The value of exactly {@code len} digits at {@code at}, or -1. */
  static int digits(CharSequence s, int at, int len) {
    if (at < 0 || at + len > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + len; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The end of the run of digits starting at {@code at} (at most {@code max} digits). */
  static int digitRunEnd(CharSequence s, int at, int max) {
    int i = at;
    int n = Math.min(s.length(), at + max);
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** 1-12 for an English month name (three letters or in full) at {@code at}, else 0; see {@link #monthEnd}. */
  static int month(CharSequence s, int at) {
    if (at + 3 > s.length() || "jfmasondJFMASOND".indexOf(s.charAt(at)) < 0) {
      return 0;
    }
    for (int m = 0; m < 12; m++) {
      if (regionMatchesIgnoreCase(s, at, MONTHS[m])) {
        return m + 1;
      }
    }
    return 0;
  }

  /** Where a month name that {@link #month} accepted at {@code at} ends (its short or full form). */
  static int monthEnd(CharSequence s, int at) {
    int i = at + 3;
    while (i < s.length() && isLower(s.charAt(i)) && i - at < 9) {
      i++;
    }
    return i;
  }

  /** True when an English weekday name (three letters or in full) is at {@code at}. */
  static boolean weekday(CharSequence s, int at) {
    if (at + 3 > s.length() || "mtwfsMTWFS".indexOf(s.charAt(at)) < 0) {
      return false;
    }
    for (String d : DAYS) {
      if (regionMatchesIgnoreCase(s, at, d)) {
        return true;
      }
    }
    return false;
  }

  static boolean regionMatchesIgnoreCase(CharSequence s, int at, String lower) {
    if (at + lower.length() > s.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if (Character.toLowerCase(s.charAt(at + i)) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** True at the end of the text or before a character that cannot continue a word or number. */
  static boolean boundary(CharSequence s, int at) {
    if (at >= s.length()) {
      return true;
    }
    char c = s.charAt(at);
    return !isAlnum(c) && c != '_' && !(c > 127 && Character.isLetterOrDigit(c));
  }

  static int skipSpaces(CharSequence s, int at, int end) {
    while (at < end && isSpace(s.charAt(at))) {
      at++;
    }
    return at;
  }

  static int tokenEnd(CharSequence s, int at, int end) {
    while (at < end && !isSpace(s.charAt(at))) {
      at++;
    }
    return at;
  }
}
