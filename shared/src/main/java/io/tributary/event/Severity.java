package io.tributary.event;

import java.util.Locale;

/**
 * Normalised severity. Every source's level (syslog, log4j, Android, Apache, Windows, OTel
 * words) maps to one of these; the original text is kept beside it on the event.
 */
public enum Severity {
  // The codes are written into frames, event rows, blocks and archive segments: never change or reuse one.
  TRACE(0), DEBUG(1), INFO(2), WARN(3), ERROR(4), FATAL(5);

  private static final Severity[] BY_CODE = new Severity[6];

  static {
    for (Severity s : values()) {
      BY_CODE[s.code] = s;
    }
  }

  private final int code;

  Severity(int code) {
    this.code = code;
  }

  /** The level's persisted code (0 TRACE … 5 FATAL); codes also order the levels. */
  public int code() {
    return code;
  }

  /** The level of persisted {@code code}; {@link IllegalArgumentException} for an unknown code. */
  public static Severity ofCode(int code) {
    if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
      throw new IllegalArgumentException("unknown severity code " + code);
    }
    return BY_CODE[code];
  }

  /**
   * Maps a level word to a severity, or returns null when the word is not a level. Case does not
   * matter. Accepts the log4j/slf4j/JUL words, syslog names and numbers 0-7, Android's single
   * letters, and common spellings ({@code warning}, {@code err}, {@code crit}, {@code severe}).
   */
  public static Severity parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.isEmpty() || t.length() > 13) {
      return null;
    }
    if (t.length() == 1) {
      switch (t.charAt(0)) {
        case 'V': case 'v': case 'T': case 't': return TRACE;
        case 'D': case 'd': return DEBUG;
        case 'I': case 'i': return INFO;
        case 'W': case 'w': return WARN;
        case 'E': case 'e': return ERROR;
        case 'F': case 'f': case 'A': case 'a': return FATAL;
        case '0': case '1': case '2': return FATAL;
        case '3': return ERROR;
        case '4': return WARN;
        case '5': case '6': return INFO;
        case '7': return DEBUG;
        default: return null;
      }
    }
    switch (t.toLowerCase(Locale.ROOT)) {
      case "trace": case "finest": case "finer": case "verbose": case "trc":
        return TRACE;
      case "debug": case "fine": case "dbg": case "config":
        return DEBUG;
      case "info": case "information": case "informational": case "notice": case "inf":
        return INFO;
      case "warn": case "warning": case "wrn":
        return WARN;
      case "error": case "err": case "severe": case "fail": case "failure":
        return ERROR;
      case "fatal": case "critical": case "crit": case "alert": case "emerg": case "emergency": case "panic":
        return FATAL;
      default:
        return null;
    }
  }

  /** True when this severity is at least {@code other}. */
  public boolean atLeast(Severity other) {
    return code >= other.code;
  }
}
