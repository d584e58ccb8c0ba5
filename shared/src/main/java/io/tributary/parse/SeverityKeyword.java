package io.tributary.parse;

import io.tributary.event.Severity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Words in a message that imply a severity when the line states no level. Consulted only after
 * the header and the start of the body gave none: {@code Failed password for root from ...} is an
 * error, {@code java.lang.NullPointerException} too. The word found is kept as the severity text.
 */
enum SeverityKeyword {

  /** {@code kernel panic - not syncing}, {@code fatal error}. */
  FATAL_WORDS(Severity.FATAL, "fatal", "panic"),
  /** {@code Failed password}, {@code authentication failure}, {@code NullPointerException}. */
  ERROR_WORDS(Severity.ERROR, "error", "errors", "failed", "failure", "exception", "critical", "severe",
      "aborted", "abort"),
  /** {@code warning: clock skew detected}, {@code deprecated option}. */
  WARN_WORDS(Severity.WARN, "warning", "warn", "deprecated");

  /** Bodies are searched only this far for such words. */
  static final int MAX_SCAN = 512;

  private static final Map<String, Severity> WORDS = new HashMap<>();

  static {
    for (SeverityKeyword k : values()) {
      for (String w : k.words) {
        WORDS.put(w, k.severity);
      }
    }
  }

  private final Severity severity;
  private final String[] words;

  SeverityKeyword(Severity severity, String... words) {
    this.severity = severity;
    this.words = words;
  }

  /**
   * The first word in {@code [from, to)} (at most {@link #MAX_SCAN} characters) that implies a
   * severity, as {@code [start, end)} packed into a long ({@code start << 32 | end}), or -1. A word
   * ending in {@code Exception} or {@code Error} ({@code IOException}) counts as {@code exception}.
   */
  static long find(String s, int from, int to) {
    int end = Math.min(to, from + MAX_SCAN);
    int i = from;
    while (i < end) {
      while (i < end && !Chars.isLetter(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < end && Chars.isLetter(s.charAt(i))) {
        i++;
      }
      int len = i - start;
      if (len >= 4 && len <= 48 && severityOf(s, start, i) != null) {
        return (long) start << 32 | i;
      }
    }
    return -1;
  }

  /** The severity the word in {@code [start, end)} implies, or null. */
  static Severity severityOf(String s, int start, int end) {
    int len = end - start;
    if (len <= 10 && "fpeacswdFPEACSWD".indexOf(s.charAt(start)) >= 0) {
      Severity direct = WORDS.get(s.substring(start, end).toLowerCase(Locale.ROOT));
      if (direct != null) {
        return direct;
      }
    }
    if (len > 9 && s.startsWith("Exception", end - 9)) {
      return Severity.ERROR;
    }
    if (len > 5 && s.startsWith("Error", end - 5) && Chars.isLower(s.charAt(end - 6))) {
      return Severity.ERROR;
    }
    return null;
  }
}
