package io.tributary.parse;

import static io.tributary.parse.Chars.boundary;
import static io.tributary.parse.Chars.digitRunEnd;
import static io.tributary.parse.Chars.digits;
import static io.tributary.parse.Chars.isDigit;
import static io.tributary.parse.Chars.isSpace;

import io.tributary.event.Timestamps;

/**
 * The timestamp rule table: one rule per family of written timestamps, each tried at the start of
 * a token. A rule recognises its family by shape, validates the ranges of every field, and reports
 * how complete the time is; it never throws and allocates only its result.
 *
 * <p>Fractions of a second may follow a dot, a comma or (after seconds) a colon, with 1 to 9 digits.
 * A zone is honoured when written ({@code Z}, {@code +02:00}, {@code -0700}, {@code UTC}, {@code GMT});
 * otherwise the time is taken as UTC.
 */
enum TimestampRule {

  /**
   * Year first, any of {@code - / .} between date fields, then {@code T}, space, {@code -}, {@code _}
   * or {@code :} before the time, whose fields may be split by {@code :} or {@code .}:
   * {@code 2015-07-29 17:41:44,747}, {@code 2024-05-01T12:30:00.123+02:00},
   * {@code 2005-06-03-15.42.50.675872}, {@code 2016/09/28 04:30:30}; alone it is a date
   * ({@code 2005.06.03}).
   */
  YEAR_FIRST {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      int year = digits(s, at, 4);
      if (year < 1970 || year > 2999 || at + 4 >= limit) {
        return null;
      }
      char sep = s.charAt(at + 4);
      if (sep != '-' && sep != '/' && sep != '.') {
        return null;
      }
      int i = at + 5;
      int mEnd = digitRunEnd(s, i, 2);
      if (mEnd == i || mEnd >= limit || s.charAt(mEnd) != sep) {
        return null;
      }
      int month = digits(s, i, mEnd - i);
      i = mEnd + 1;
      int dEnd = digitRunEnd(s, i, 2);
      if (dEnd == i) {
        return null;
      }
      int day = digits(s, i, dEnd - i);
      if (month < 1 || month > 12 || day < 1 || day > 31) {
        return null;
      }
      if (dEnd + 1 < limit) {
        char t = s.charAt(dEnd);
        if (t == 'T' || t == ' ' || t == '-' || t == '_' || t == ':') {
          long time = time(s, dEnd + 1, limit, true);
          if (time >= 0) {
            return full(s, at, limit, time, year, month, day);
          }
        }
      }
      if (!boundary(s, dEnd) || (dEnd < s.length() && s.charAt(dEnd) == '.')) {
        return null;
      }
      return new TimestampMatch(at, dEnd, TimestampKind.DATE_ONLY, year, month, day, 0, 0, 0);
    }
  },

  /**
   * Date digits run together: {@code yyyyMMdd} then {@code -}, {@code T}, space or {@code _} and the
   * time ({@code 20171223-22:15:29:606}, {@code 20240501T123000Z}); or {@code yyMMdd HHmmss}
   * ({@code 081109 203615}).
   */
  COMPACT {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      int run = digitRunEnd(s, at, 9) - at;
      if (run == 8 && at + 9 < limit) {
        int year = digits(s, at, 4);
        int month = digits(s, at + 4, 2);
        int day = digits(s, at + 6, 2);
        char t = s.charAt(at + 8);
        if (year < 1970 || year > 2999 || month < 1 || month > 12 || day < 1 || day > 31
            || (t != '-' && t != 'T' && t != ' ' && t != '_')) {
          return null;
        }
        long time = time(s, at + 9, limit, false);
        if (time < 0) {
          time = compactTime(s, at + 9, limit);
        }
        return time < 0 ? null : full(s, at, limit, time, year, month, day);
      }
      if (run == 6 && at + 13 <= limit && s.charAt(at + 6) == ' ') {
        int yy = digits(s, at, 2);
        int month = digits(s, at + 2, 2);
        int day = digits(s, at + 4, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31) {
          return null;
        }
        long time = compactTime(s, at + 7, limit);
        return time < 0 ? null : full(s, at, limit, time, century(yy), month, day);
      }
      return null;
    }
  },

  /**
   * Slashed dates with a two-digit first field and a time: {@code yy/MM/dd HH:mm:ss}
   * ({@code 17/06/09 20:10:40}, as log4j writes it), or {@code MM/dd/yyyy} and {@code dd/MM/yyyy}
   * when the year comes last ({@code 06/09/2017 20:10:40}; a first field above 12 is the day).
   */
  SLASHED {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      if (at + 9 > limit || s.charAt(at + 2) != '/' || s.charAt(at + 5) != '/') {
        return null;
      }
      int a = digits(s, at, 2);
      int b = digits(s, at + 3, 2);
      int yearDigits = digitRunEnd(s, at + 6, 5) - (at + 6);
      if (a < 0 || b < 0 || (yearDigits != 2 && yearDigits != 4)) {
        return null;
      }
      int c = digits(s, at + 6, yearDigits);
      int end = at + 6 + yearDigits;
      if (end >= limit) {
        return null;
      }
      char t = s.charAt(end);
      if (t != ' ' && t != ':' && t != '-' && t != 'T') {
        return null;
      }
      long time = time(s, end + 1, limit, false);
      if (time < 0) {
        return null;
      }
      int year;
      int month;
      int day;
      if (yearDigits == 2) {
        year = century(a);
        month = b;
        day = c;
      } else {
        year = c;
        month = a > 12 ? b : a;
        day = a > 12 ? a : b;
      }
      if (month < 1 || month > 12 || day < 1 || day > 31) {
        return null;
      }
      return full(s, at, limit, time, year, month, day);
    }
  },

  /**
   * Day before an English month name: {@code 04-Dec-2005 04:47:44.123} (Tomcat, Java),
   * {@code 04 Dec 2005 04:47:44,123} (log4j {@code DATE}), {@code 10/Oct/2000:13:55:36 -0700}
   * (Apache and nginx access logs), {@code Sun, 04 Dec 2005 04:47:44 GMT} (RFC 1123).
   */
  DAY_MONTH_NAME {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      int i = at;
      if (Chars.weekday(s, i)) {
        i = wordEnd(s, i, limit);
        if (i < limit && s.charAt(i) == ',') {
          i++;
        }
        i = Chars.skipSpaces(s, i, limit);
      }
      int dEnd = digitRunEnd(s, i, 2);
      if (dEnd == i || dEnd + 1 >= limit) {
        return null;
      }
      int day = digits(s, i, dEnd - i);
      char sep = s.charAt(dEnd);
      if (sep != '-' && sep != '/' && sep != ' ') {
        return null;
      }
      int month = Chars.month(s, dEnd + 1);
      if (month == 0) {
        return null;
      }
      int mEnd = Chars.monthEnd(s, dEnd + 1);
      if (mEnd >= limit || s.charAt(mEnd) != sep) {
        return null;
      }
      int year = digits(s, mEnd + 1, 4);
      int yEnd = mEnd + 5;
      if (year < 1970 || year > 2999 || day < 1 || day > 31 || yEnd >= limit) {
        return null;
      }
      char t = s.charAt(yEnd);
      if (t != ' ' && t != ':') {
        return boundary(s, yEnd)
            ? new TimestampMatch(at, yEnd, TimestampKind.DATE_ONLY, year, month, day, 0, 0, 0) : null;
      }
      long time = time(s, yEnd + 1, limit, false);
      return time < 0 ? null : full(s, at, limit, time, year, month, day);
    }
  },

  /**
   * A weekday before the month, as C's {@code ctime} and Apache's error log write it:
   * {@code Sun Dec 04 04:47:44 2005}, {@code Sun Dec  4 04:47:44.123456 2005},
   * {@code Sun Dec 04 04:47:44 UTC 2005}; without the year it needs one from elsewhere.
   */
  WEEKDAY_MONTH_NAME {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      if (!Chars.weekday(s, at)) {
        return null;
      }
      int i = wordEnd(s, at, limit);
      if (i < limit && s.charAt(i) == ',') {
        i++;
      }
      if (i >= limit || !isSpace(s.charAt(i))) {
        return null;
      }
      return monthDayTime(s, at, Chars.skipSpaces(s, i, limit), limit, true);
    }
  },

  /**
   * Month name, day and time, as BSD syslog (RFC 3164) writes it: {@code Dec 10 06:55:46},
   * {@code Jun  9 06:06:20}, {@code Nov 9 12:01:01.123}; with a year before the time it is
   * complete ({@code Dec 10 2005 06:55:46}, {@code Jan 05, 2024 3:04:05 PM} as java.util.logging writes).
   */
  MONTH_NAME {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      return monthDayTime(s, at, at, limit, false);
    }
  },

  /**
   * A level letter glued to month and day, as glog and Kubernetes' klog write their header:
   * {@code I0501 12:30:00.123456    1234 server.go:123] message}; the letter is read as the level.
   */
  LEVEL_MONTH_DAY {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      if (at + 12 > limit || "IWEF".indexOf(s.charAt(at)) < 0 || s.charAt(at + 5) != ' ') {
        return null;
      }
      int month = digits(s, at + 1, 2);
      int day = digits(s, at + 3, 2);
      if (month < 1 || month > 12 || day < 1 || day > 31) {
        return null;
      }
      long time = time(s, at + 6, limit, false);
      if (time < 0) {
        return null;
      }
      return new TimestampMatch(at, (int) (time & 0xFFFF), TimestampKind.YEARLESS, 0, month, day, time >>> 16, 0, 0);
    }
  },

  /**
   * Numeric month and day without a year, then the time: {@code 03-17 16:13:38.811} (Android
   * logcat), {@code 10.30 16:49:06} (Proxifier), {@code 12/31 23:59:59}.
   */
  MONTH_DAY {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      if (at + 7 > limit) {
        return null;
      }
      char sep = s.charAt(at + 2);
      if ((sep != '-' && sep != '.' && sep != '/') || s.charAt(at + 5) != ' ') {
        return null;
      }
      int month = digits(s, at, 2);
      int day = digits(s, at + 3, 2);
      if (month < 1 || month > 12 || day < 1 || day > 31) {
        return null;
      }
      long time = time(s, at + 6, limit, false);
      if (time < 0) {
        return null;
      }
      int end = (int) (time & 0xFFFF);
      return new TimestampMatch(at, end, TimestampKind.YEARLESS, 0, month, day, time >>> 16, 0, 0);
    }
  },

  /**
   * A time of day alone, at the very start of the line (optionally in a bracket):
   * {@code 12:34:56.789 [main] INFO ...} as logback's default pattern writes it.
   */
  TIME_OF_DAY {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      if (at > 1 || (at == 1 && s.charAt(0) != '[')) {
        return null;
      }
      long time = time(s, at, limit, false);
      if (time < 0) {
        return null;
      }
      long zone = zone(s, (int) (time & 0xFFFF), limit);
      int end = zone == NO_ZONE ? (int) (time & 0xFFFF) : (int) (zone & 0xFFFF);
      int offset = zone == NO_ZONE ? 0 : (int) (zone >> 16);
      return new TimestampMatch(at, end, TimestampKind.TIME_ONLY, 0, 0, 0, time >>> 16, offset, 0);
    }
  },

  /**
   * Seconds (ten digits, optionally with a fraction) or milliseconds (thirteen digits) since the
   * epoch, between the years 2000 and 2100, as a whole token: {@code 1117838570},
   * {@code 1514038530000}, {@code 1700000000.123}.
   */
  EPOCH {
    @Override
    TimestampMatch match(String s, int at, int limit) {
      if (at > 0 && Chars.isAlnum(s.charAt(at - 1))) {
        return null;
      }
      int end = digitRunEnd(s, at, 14);
      int len = end - at;
      long nanos;
      if (len == 10) {
        long seconds = Long.parseLong(s, at, end, 10);
        if (seconds < MIN_EPOCH_SECONDS || seconds >= MAX_EPOCH_SECONDS) {
          return null;
        }
        nanos = seconds * Timestamps.NANOS_PER_SECOND;
        if (end + 1 < s.length() && s.charAt(end) == '.' && isDigit(s.charAt(end + 1))) {
          long f = fraction(s, end + 1, limit);
          if (f < 0) {
            return null;
          }
          nanos += f >>> 16;
          end = (int) (f & 0xFFFF);
        }
      } else if (len == 13) {
        long millis = Long.parseLong(s, at, end, 10);
        if (millis < MIN_EPOCH_SECONDS * 1000 || millis >= MAX_EPOCH_SECONDS * 1000) {
          return null;
        }
        nanos = millis * Timestamps.NANOS_PER_MILLI;
      } else {
        return null;
      }
      if (end < s.length() && !isSpace(s.charAt(end)) && "]|,;)".indexOf(s.charAt(end)) < 0) {
        return null;
      }
      return new TimestampMatch(at, end, TimestampKind.EPOCH, 0, 0, 0, 0, 0, nanos);
    }
  };

  private static final long MIN_EPOCH_SECONDS = 946_684_800L;
  private static final long MAX_EPOCH_SECONDS = 4_102_444_800L;
  private static final long NO_ZONE = Long.MIN_VALUE;
  /** The rules for a token that starts with a digit, in table order. */
  private static final TimestampRule[] DIGIT_FIRST = {
      YEAR_FIRST, COMPACT, SLASHED, DAY_MONTH_NAME, MONTH_DAY, TIME_OF_DAY, EPOCH};
  /** The rules for a token that starts with a month or weekday name. */
  private static final TimestampRule[] NAME_FIRST = {LEVEL_MONTH_DAY, DAY_MONTH_NAME, WEEKDAY_MONTH_NAME, MONTH_NAME};

  /**
   * The match of this rule for a timestamp starting exactly at {@code at}, or null.
   *
   * @param limit index the timestamp must end by (the parser bounds the header it looks at)
   */
  abstract TimestampMatch match(String s, int at, int limit);

  /** The first rule's match at {@code at}, or null when no rule matches there. */
  static TimestampMatch find(String s, int at, int limit) {
    char c = s.charAt(at);
    TimestampRule[] rules;
    if (Chars.isDigit(c)) {
      rules = DIGIT_FIRST;
    } else if (Chars.isLetter(c) && "jfmasondtwJFMASONDTWIE".indexOf(c) >= 0) {
      rules = NAME_FIRST;
    } else {
      return null;
    }
    for (TimestampRule r : rules) {
      TimestampMatch m = r.match(s, at, limit);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private static int century(int yy) {
    return yy < 70 ? 2000 + yy : 1900 + yy;
  }

  private static int wordEnd(String s, int at, int limit) {
    int i = at;
    while (i < limit && Chars.isLetter(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Month name, day, then a time or a year and a time; {@code start} is where the match began. */
  private static TimestampMatch monthDayTime(String s, int start, int at, int limit, boolean yearAfter) {
    int month = Chars.month(s, at);
    if (month == 0) {
      return null;
    }
    int i = Chars.monthEnd(s, at);
    if (i >= limit || !isSpace(s.charAt(i))) {
      return null;
    }
    i = Chars.skipSpaces(s, i, limit);
    int dEnd = digitRunEnd(s, i, 2);
    if (dEnd == i || dEnd + 1 >= limit) {
      return null;
    }
    int day = digits(s, i, dEnd - i);
    if (day < 1 || day > 31) {
      return null;
    }
    i = dEnd;
    if (s.charAt(i) == ',') {
      i++;
    }
    if (i >= limit || !isSpace(s.charAt(i))) {
      return null;
    }
    i = Chars.skipSpaces(s, i, limit);
    int year = 0;
    int y = digits(s, i, 4);
    if (y >= 1970 && y <= 2999 && i + 5 < limit && isSpace(s.charAt(i + 4))) {
      year = y;
      i += 5;
    }
    long time = time(s, i, limit, false);
    if (time < 0) {
      return null;
    }
    int end = (int) (time & 0xFFFF);
    int offset = 0;
    if (yearAfter && year == 0) {
      int j = end;
      if (j + 4 < limit && isSpace(s.charAt(j)) && (Chars.regionMatchesIgnoreCase(s, j + 1, "utc")
          || Chars.regionMatchesIgnoreCase(s, j + 1, "gmt"))) {
        j += 4;
      }
      if (j + 5 <= limit && isSpace(s.charAt(j))) {
        int yy = digits(s, j + 1, 4);
        if (yy >= 1970 && yy <= 2999 && boundary(s, j + 5)) {
          year = yy;
          end = j + 5;
        }
      }
    } else {
      long zone = zone(s, end, limit);
      if (zone != NO_ZONE) {
        offset = (int) (zone >> 16);
        end = (int) (zone & 0xFFFF);
      }
    }
    TimestampKind kind = year == 0 ? TimestampKind.YEARLESS : TimestampKind.FULL;
    return new TimestampMatch(start, end, kind, year, month, day, time >>> 16, offset, 0);
  }

  private static TimestampMatch full(String s, int at, int limit, long time, int year, int month, int day) {
    int end = (int) (time & 0xFFFF);
    int offset = 0;
    long zone = zone(s, end, limit);
    if (zone != NO_ZONE) {
      offset = (int) (zone >> 16);
      end = (int) (zone & 0xFFFF);
    }
    return new TimestampMatch(at, end, TimestampKind.FULL, year, month, day, time >>> 16, offset, 0);
  }

  /**
   * {@code H:mm:ss} or {@code HH.mm.ss} (when {@code dots}) with an optional fraction and AM/PM;
   * minutes and seconds may have one digit ({@code 22:16:0:119}).
   *
   * @return {@code nanoOfDay << 16 | end}, or -1
   */
  private static long time(String s, int at, int limit, boolean dots) {
    int hEnd = digitRunEnd(s, at, 2);
    if (hEnd == at || hEnd + 4 > limit) {
      return -1;
    }
    char sep = s.charAt(hEnd);
    if (sep != ':' && !(dots && sep == '.')) {
      return -1;
    }
    int hour = digits(s, at, hEnd - at);
    int mEnd = digitRunEnd(s, hEnd + 1, 2);
    if (mEnd == hEnd + 1 || mEnd + 2 > limit || s.charAt(mEnd) != sep) {
      return -1;
    }
    int minute = digits(s, hEnd + 1, mEnd - hEnd - 1);
    int sEnd = digitRunEnd(s, mEnd + 1, 2);
    if (sEnd == mEnd + 1) {
      return -1;
    }
    int second = digits(s, mEnd + 1, sEnd - mEnd - 1);
    if (hour > 23 || minute > 59 || second > 60) {
      return -1;
    }
    int end = sEnd;
    long nanos = 0;
    if (end + 1 < limit) {
      char f = s.charAt(end);
      if ((f == '.' || f == ',' || (f == ':' && sep == ':')) && isDigit(s.charAt(end + 1))) {
        long fr = fraction(s, end + 1, limit);
        if (fr >= 0) {
          nanos = fr >>> 16;
          end = (int) (fr & 0xFFFF);
        }
      }
    }
    if (end + 2 < limit && isSpace(s.charAt(end)) && (s.charAt(end + 2) == 'M' || s.charAt(end + 2) == 'm')
        && boundary(s, end + 3)) {
      char ap = Character.toUpperCase(s.charAt(end + 1));
      if ((ap == 'A' || ap == 'P') && hour >= 1 && hour <= 12) {
        hour = hour % 12 + (ap == 'P' ? 12 : 0);
        end += 3;
      }
    }
    if (!boundary(s, end) && !((s.charAt(end) == 'Z' || s.charAt(end) == 'z') && boundary(s, end + 1))) {
      return -1;
    }
    long nanoOfDay = (hour * 3600L + minute * 60L + Math.min(second, 59)) * Timestamps.NANOS_PER_SECOND + nanos;
    return nanoOfDay << 16 | end;
  }

  /** {@code HHmmss} as one run of six digits, with an optional fraction; packed as by {@link #time}. */
  private static long compactTime(String s, int at, int limit) {
    if (at + 6 > limit || digitRunEnd(s, at, 7) != at + 6) {
      return -1;
    }
    int hour = digits(s, at, 2);
    int minute = digits(s, at + 2, 2);
    int second = digits(s, at + 4, 2);
    if (hour > 23 || minute > 59 || second > 60) {
      return -1;
    }
    int end = at + 6;
    long nanos = 0;
    if (end + 1 < limit && (s.charAt(end) == '.' || s.charAt(end) == ',') && isDigit(s.charAt(end + 1))) {
      long fr = fraction(s, end + 1, limit);
      nanos = fr >>> 16;
      end = (int) (fr & 0xFFFF);
    }
    if (!boundary(s, end)) {
      return -1;
    }
    return ((hour * 3600L + minute * 60L + Math.min(second, 59)) * Timestamps.NANOS_PER_SECOND + nanos) << 16 | end;
  }

  /** 1-9 fraction digits at {@code at}, as {@code nanos << 16 | end}; more digits are read and dropped. */
  private static long fraction(String s, int at, int limit) {
    int end = digitRunEnd(s, at, 12);
    if (end == at || end > limit) {
      return -1;
    }
    long v = 0;
    int n = Math.min(end - at, 9);
    for (int i = 0; i < n; i++) {
      v = v * 10 + (s.charAt(at + i) - '0');
    }
    for (int i = n; i < 9; i++) {
      v *= 10;
    }
    return v << 16 | end;
  }

  /**
   * A zone right after a time: {@code Z}, {@code +hh:mm}, {@code +hhmm}, {@code +hh}, optionally after
   * one space ({@code -0700}), or the words {@code UTC}/{@code GMT}.
   *
   * @return {@code offsetSeconds << 16 | end}, or {@link #NO_ZONE}
   */
  private static long zone(String s, int at, int limit) {
    if (at >= limit) {
      return NO_ZONE;
    }
    int i = at;
    char c = s.charAt(i);
    if ((c == 'Z' || c == 'z') && boundary(s, i + 1)) {
      return i + 1;
    }
    boolean spaced = false;
    if (c == ' ' && i + 1 < limit) {
      spaced = true;
      i++;
      c = s.charAt(i);
      if ((Chars.regionMatchesIgnoreCase(s, i, "utc") || Chars.regionMatchesIgnoreCase(s, i, "gmt"))
          && i + 3 <= limit && boundary(s, i + 3)) {
        return i + 3;
      }
    }
    if (c != '+' && c != '-') {
      return NO_ZONE;
    }
    int hh = digits(s, i + 1, 2);
    if (hh < 0 || hh > 18) {
      return NO_ZONE;
    }
    int mm = 0;
    int end = i + 3;
    if (end < limit && s.charAt(end) == ':' && digits(s, end + 1, 2) >= 0) {
      mm = digits(s, end + 1, 2);
      end += 3;
    } else if (digits(s, end, 2) >= 0) {
      mm = digits(s, end, 2);
      end += 2;
    } else if (spaced) {
      return NO_ZONE;
    }
    if (mm > 59 || end > limit || !boundary(s, end)) {
      return NO_ZONE;
    }
    int offset = (hh * 3600 + mm * 60) * (c == '-' ? -1 : 1);
    return (long) offset << 16 | end;
  }
}
