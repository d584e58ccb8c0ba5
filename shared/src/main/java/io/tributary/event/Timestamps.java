package io.tributary.event;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Event times as nanoseconds since the epoch: parsing what clients send (ISO-8601 text, epoch
 * numbers in s, ms, µs or ns) and writing ISO-8601 back.
 */
public final class Timestamps {

  public static final long NANOS_PER_SECOND = 1_000_000_000L;
  public static final long NANOS_PER_MILLI = 1_000_000L;
  public static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;

  private Timestamps() {
  }

  public static long ofMillis(long millis) {
    return Math.multiplyExact(millis, NANOS_PER_MILLI);
  }

  public static long ofInstant(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), NANOS_PER_SECOND), i.getNano());
  }

  public static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** ISO-8601 in UTC, with as many fraction digits (0, 3, 6 or 9) as the value needs. */
  public static String format(long nanos) {
    return DateTimeFormatter.ISO_INSTANT.format(toInstant(nanos));
  }

  /**
   * An epoch number whose unit is told by its size: below 10^11 seconds, below 10^14
   * milliseconds, below 10^17 microseconds, else nanoseconds. Fractions are kept.
   *
   * @return nanos, or {@link LogEvent#UNSET_TIME} when the value is negative, not finite or too large
   */
  public static long ofEpochNumber(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      return LogEvent.UNSET_TIME;
    }
    double nanos;
    if (value < 1e11) {
      nanos = value * 1e9;
    } else if (value < 1e14) {
      nanos = value * 1e6;
    } else if (value < 1e17) {
      nanos = value * 1e3;
    } else {
      nanos = value;
    }
    if (nanos >= 9.2e18) {
      return LogEvent.UNSET_TIME;
    }
    return (long) nanos;
  }

  /**
   * As {@link #ofEpochNumber(double)} but exact for integers; {@link LogEvent#UNSET_TIME} also when
   * the value in nanoseconds would not fit a long (past 2262-04-11), never a wrapped-around time.
   */
  public static long ofEpochNumber(long value) {
    if (value < 0) {
      return LogEvent.UNSET_TIME;
    }
    long unit;
    if (value < 100_000_000_000L) {
      unit = NANOS_PER_SECOND;
    } else if (value < 100_000_000_000_000L) {
      unit = NANOS_PER_MILLI;
    } else if (value < 100_000_000_000_000_000L) {
      unit = 1_000L;
    } else {
      return value;
    }
    return value > Long.MAX_VALUE / unit ? LogEvent.UNSET_TIME : value * unit;
  }

  /** {@link #parse(CharSequence)} of {@code len} characters of {@code c} from {@code off} (a parser's buffer). */
  public static long parse(char[] c, int off, int len) {
    return parse(new Chars(c, off, len));
  }

  /** A view of part of a char array: cheaper to read than a {@code CharBuffer}, and nothing copied. */
  private static final class Chars implements CharSequence {
    private final char[] c;
    private final int off;
    private final int len;

    Chars(char[] c, int off, int len) {
      this.c = c;
      this.off = off;
      this.len = len;
    }

    @Override
    public int length() {
      return len;
    }

    @Override
    public char charAt(int i) {
      return c[off + i];
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new String(c, off + from, to - from);
    }

    @Override
    public String toString() {
      return new String(c, off, len);
    }
  }

  /**
   * Parses ISO-8601 / RFC 3339 date-times: {@code 2024-05-01T12:30:00Z}, a space for the
   * {@code T}, 0 to 9 fraction digits after a dot or comma, a {@code Z}, {@code +hh:mm},
   * {@code +hhmm} or {@code +hh} offset, or no zone (taken as UTC). A string of digits is read as
   * an epoch number.
   *
   * @return nanos, or {@link LogEvent#UNSET_TIME} when the text is not such a time
   */
  public static long parse(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return LogEvent.UNSET_TIME;
    }
    if (allDigitsOrOneDot(s)) {
      try {
        String t = s.toString();
        return t.indexOf('.') >= 0 ? ofEpochNumber(Double.parseDouble(t)) : ofEpochNumber(Long.parseLong(t));
      } catch (NumberFormatException e) {
        return LogEvent.UNSET_TIME;
      }
    }
    if (n < 19) {
      return dateOnly(s);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return LogEvent.UNSET_TIME;
    }
    char sep = s.charAt(10);
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return LogEvent.UNSET_TIME;
    }
    int i = 19;
    long fraction = 0;
    if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      i++;
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 9) {
          fraction = fraction * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = Math.min(i - start, 9);
      if (i == start) {
        return LogEvent.UNSET_TIME;
      }
      for (int k = count; k < 9; k++) {
        fraction *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i < n) {
      char z = s.charAt(i);
      if ((z == 'Z' || z == 'z') && i + 1 == n) {
        i++;
      } else if (z == '+' || z == '-') {
        int rest = n - i - 1;
        int oh;
        int om = 0;
        if (rest == 2) {
          oh = digits(s, i + 1, 2);
        } else if (rest == 4) {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 3, 2);
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 4, 2);
        } else {
          return LogEvent.UNSET_TIME;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return LogEvent.UNSET_TIME;
        }
        offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
        i = n;
      } else {
        return LogEvent.UNSET_TIME;
      }
    }
    if (i != n) {
      return LogEvent.UNSET_TIME;
    }
    return dateTime(year, month, day, hour, minute, second, fraction, offsetSeconds);
  }

  /**
   * The nanos of a date and time (a second of 60 counts as 59), or {@link LogEvent#UNSET_TIME} for
   * a field out of its range (-1 is a field that was not digits), a day past its month's end, or a
   * time before 1970 or past 2255.
   */
  private static long dateTime(int year, int month, int day, int hour, int minute, int second, long fraction,
      int offsetSeconds) {
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 60 || day > daysInMonth(year, month)) {
      return LogEvent.UNSET_TIME;
    }
    long epochDay = epochDay(year, month, day);
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
    if (seconds < 0 || seconds > 9_000_000_000L) {
      return LogEvent.UNSET_TIME;
    }
    return seconds * NANOS_PER_SECOND + fraction;
  }

  /**
   * {@link #parse(CharSequence)} of {@code len} ASCII bytes of {@code b} from {@code off}: the form
   * most senders send, {@code 2024-05-01T12:30:00.123Z} (0 to 9 fraction digits), is read straight
   * from the bytes; any other form as text.
   */
  public static long parse(byte[] b, int off, int len) {
    if (len >= 20 && len <= 30 && (b[off + len - 1] | 0x20) == 'z' && b[off + 4] == '-' && b[off + 7] == '-'
        && b[off + 13] == ':' && b[off + 16] == ':' && (b[off + 10] == 'T' || b[off + 10] == 't' || b[off + 10] == ' ')
        && (len == 20 || len > 21 && (b[off + 19] == '.' || b[off + 19] == ','))) {
      int year = digits(b, off, 4);
      int month = digits(b, off + 5, 2);
      int day = digits(b, off + 8, 2);
      int hour = digits(b, off + 11, 2);
      int minute = digits(b, off + 14, 2);
      int second = digits(b, off + 17, 2);
      long fraction = len == 20 ? 0 : digits(b, off + 20, len - 21);
      if (fraction < 0) {
        return LogEvent.UNSET_TIME;
      }
      for (int k = len - 21; k < 9; k++) {
        fraction *= 10;
      }
      return dateTime(year, month, day, hour, minute, second, fraction, 0);
    }
    return parse(new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  /** The value of {@code len} (at most 9) decimal digits at {@code at}, or -1 when any is not a digit. */
  private static int digits(byte[] b, int at, int len) {
    int v = 0;
    for (int i = at; i < at + len; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static long dateOnly(CharSequence s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return LogEvent.UNSET_TIME;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31) {
      return LogEvent.UNSET_TIME;
    }
    return day > daysInMonth(year, month) ? LogEvent.UNSET_TIME : epochDay(year, month, day) * NANOS_PER_DAY;
  }

  /** Days in {@code month} (1-12) of {@code year} (proleptic Gregorian, as {@code LocalDate}). */
  public static int daysInMonth(int year, int month) {
    if (month == 2) {
      return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /**
   * Days since 1970-01-01 of a valid date of years 0-9999 (proleptic Gregorian), the arithmetic of
   * {@code LocalDate.toEpochDay} without building a date: ingest reads a time for every event, and
   * the line parser ({@code TimestampMatch}) one for every line.
   */
  public static long epochDay(int year, int month, int day) {
    // Years counted from March, so that the leap day ends a year (H. Hinnant's days_from_civil).
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  private static boolean allDigitsOrOneDot(CharSequence s) {
    int dots = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!isDigit(c)) {
        return false;
      }
    }
    return dots <= 1 && s.length() > dots;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The value of {@code len} decimal digits at {@code at}, or -1 when any is not a digit. */
  private static int digits(CharSequence s, int at, int len) {
    if (at + len > s.length()) {
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
}
