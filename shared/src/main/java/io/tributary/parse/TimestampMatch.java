package io.tributary.parse;

import io.tributary.event.LogEvent;
import io.tributary.event.Timestamps;

/**
 * A timestamp found in a line, before the parser settles what the line leaves out.
 *
 * @param start index of its first character in the line
 * @param end index just past it (past a closing bracket or comma that belongs to it)
 * @param kind how complete it is
 * @param year four-digit year, or 0 when the text has none
 * @param month 1-12, or 0 for {@link TimestampKind#TIME_ONLY} and {@link TimestampKind#EPOCH}
 * @param day 1-31, or 0 likewise
 * @param nanoOfDay time of day, 0 for {@link TimestampKind#DATE_ONLY}
 * @param offsetSeconds the zone offset written in the text; 0 (UTC) when it has none
 * @param epochNanos the instant, for {@link TimestampKind#EPOCH} only
 */
record TimestampMatch(int start, int end, TimestampKind kind, int year, int month, int day, long nanoOfDay,
    int offsetSeconds, long epochNanos) {

  private static final long NANOS_PER_HOUR = 3_600L * Timestamps.NANOS_PER_SECOND;

  /**
   * The instant this match stands for. A missing year is taken from {@code yearHint} when it is
   * positive (another field of the same line gave it), else from the reference time, rolling back
   * one year when that puts the date more than a day after the reference. A missing date is taken
   * from {@code dateHint} when given, else from the reference day, rolling back one day when that
   * puts the time more than an hour after the reference.
   *
   * @return nanoseconds since the epoch, or {@link LogEvent#UNSET_TIME} for an impossible date
   */
  long toNanos(long referenceNanos, int yearHint, TimestampMatch dateHint) {
    switch (kind) {
      case EPOCH:
        return epochNanos;
      case FULL:
      case DATE_ONLY:
        return instant(year, month, day);
      case YEARLESS: {
        if (yearHint > 0) {
          return instant(yearHint, month, day);
        }
        int refYear = yearOf(referenceNanos);
        long t = instant(refYear, month, day);
        if (t == LogEvent.UNSET_TIME || t > referenceNanos + Timestamps.NANOS_PER_DAY) {
          t = instant(refYear - 1, month, day);
        }
        return t;
      }
      case TIME_ONLY: {
        if (dateHint != null) {
          return instant(dateHint.year, dateHint.month, dateHint.day);
        }
        long day0 = Math.floorDiv(referenceNanos, Timestamps.NANOS_PER_DAY) * Timestamps.NANOS_PER_DAY;
        long t = day0 + nanoOfDay - offsetSeconds * Timestamps.NANOS_PER_SECOND;
        return t > referenceNanos + NANOS_PER_HOUR ? t - Timestamps.NANOS_PER_DAY : t;
      }
      default:
        return LogEvent.UNSET_TIME;
    }
  }

  private long instant(int y, int m, int d) {
    if (y < 1970 || y > 2999 || m < 1 || m > 12 || d < 1 || d > Timestamps.daysInMonth(y, m)) {
      return LogEvent.UNSET_TIME;
    }
    return Timestamps.epochDay(y, m, d) * Timestamps.NANOS_PER_DAY + nanoOfDay - offsetSeconds * Timestamps.NANOS_PER_SECOND;
  }

  static int yearOf(long nanos) {
    long z = Math.floorDiv(nanos, Timestamps.NANOS_PER_DAY) + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp + (mp < 10 ? 3 : -9);
    return (int) (m <= 2 ? y + 1 : y);
  }
}
