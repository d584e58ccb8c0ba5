package io.tributary.archive;

/**
 * Splits a message the way CLP does, so the archive keeps what repeats once and what varies as
 * numbers: tokens are runs between delimiters; a token with a digit in it is a variable, stored as
 * an integer when it is one in canonical decimal form (so it prints back the same), else as a
 * string; everything else, with a placeholder byte where each variable stood, is the message's log
 * type. {@code Received block blk_-160 of size 67108864 from /10.251.43.21} has the log type
 * {@code Received block \u0012 of size \u0011 from /\u0012}.
 */
final class MessageTemplate {

  /** Placeholder of an integer variable in a log type. */
  static final char INT = '\u0011';
  /** Placeholder of a string variable in a log type. */
  static final char STR = '\u0012';
  /** Escapes a literal placeholder character that occurs in a message. */
  static final char ESC = '\u0013';

  private MessageTemplate() {
  }

  /** Receives the parts of a message as {@link #split} finds them. */
  interface Parts {
    void integer(long value);

    void string(CharSequence text, int from, int to);
  }

  static boolean isDelimiter(char c) {
    switch (c) {
      case ' ': case '\t': case '\n': case '\r': case ',': case ';': case ':': case '=': case '[': case ']':
      case '(': case ')': case '{': case '}': case '<': case '>': case '"': case '\'': case '|': case '/':
      case '\\': case '&': case '?': case '#': case '@':
        return true;
      default:
        return false;
    }
  }

  /** Appends the log type of {@code message} to {@code type}, sending its variables to {@code parts}. */
  static void split(String message, StringBuilder type, Parts parts) {
    int n = message.length();
    int i = 0;
    while (i < n) {
      char c = message.charAt(i);
      if (isDelimiter(c)) {
        type.append(c);
        i++;
        continue;
      }
      int start = i;
      boolean digit = false;
      while (i < n && !isDelimiter(message.charAt(i))) {
        char d = message.charAt(i);
        digit |= d >= '0' && d <= '9';
        i++;
      }
      if (!digit) {
        for (int k = start; k < i; k++) {
          char t = message.charAt(k);
          if (t == INT || t == STR || t == ESC) {
            type.append(ESC);
          }
          type.append(t);
        }
      } else if (isCanonicalLong(message, start, i)) {
        type.append(INT);
        parts.integer(Long.parseLong(message, start, i, 10));
      } else {
        type.append(STR);
        parts.string(message, start, i);
      }
    }
  }

  /** Decimal digits with an optional minus, no leading zero, not "-0", at most 18 digits. */
  static boolean isCanonicalLong(CharSequence s, int from, int to) {
    int i = from;
    if (i < to && s.charAt(i) == '-') {
      i++;
    }
    int digits = to - i;
    if (digits < 1 || digits > 18) {
      return false;
    }
    if (s.charAt(i) == '0' && (digits > 1 || i > from)) {
      return false;
    }
    for (int k = i; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
