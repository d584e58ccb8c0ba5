package io.tributary.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  private static long iso(String s) {
    return Timestamps.ofInstant(Instant.parse(s));
  }

  @Test
  void parsesIso8601Variants() {
    assertEquals(iso("2024-05-01T12:30:00Z"), Timestamps.parse("2024-05-01T12:30:00Z"));
    assertEquals(iso("2024-05-01T12:30:00.123456789Z"), Timestamps.parse("2024-05-01T12:30:00.123456789Z"));
    assertEquals(iso("2024-05-01T12:30:00.120Z"), Timestamps.parse("2024-05-01 12:30:00,12"));
    assertEquals(iso("2024-05-01T10:30:00Z"), Timestamps.parse("2024-05-01T12:30:00+02:00"));
    assertEquals(iso("2024-05-01T14:00:00Z"), Timestamps.parse("2024-05-01T12:30:00-0130"));
    assertEquals(iso("2024-05-01T12:30:00Z"), Timestamps.parse("2024-05-01T12:30:00"));
    assertEquals(iso("2024-05-01T00:00:00Z"), Timestamps.parse("2024-05-01"));
  }

  @Test
  void readsEpochNumbersByMagnitude() {
    long t = iso("2024-05-01T12:30:00Z");
    assertEquals(t, Timestamps.ofEpochNumber(1714566600L));
    assertEquals(t, Timestamps.ofEpochNumber(1714566600000L));
    assertEquals(t, Timestamps.ofEpochNumber(1714566600000000L));
    assertEquals(t, Timestamps.ofEpochNumber(1714566600000000000L));
    assertEquals(t + 500_000_000L, Timestamps.ofEpochNumber(1714566600.5));
    assertEquals(t, Timestamps.parse("1714566600000"));
  }

  @Test
  void rejectsWhatIsNotATime() {
    for (String s : new String[] {"", "yesterday", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
        "2024-05-01T25:00:00Z", "2024-05-01T12:30:00Zjunk", "2024-05-01T12:30:00.Z", "-5", "1.2.3"}) {
      assertEquals(LogEvent.UNSET_TIME, Timestamps.parse(s), s);
    }
  }

  @Test
  void anEpochNumberPastWhatNanosecondsCanHoldIsNotATimeRatherThanAWrappedOne() {
    // 10^10 s, 10^13 ms and 10^16 µs are all past 2262 and used to wrap around to negative times.
    assertEquals(LogEvent.UNSET_TIME, Timestamps.ofEpochNumber(10_000_000_000L));
    assertEquals(LogEvent.UNSET_TIME, Timestamps.ofEpochNumber(99_999_999_999L));
    assertEquals(LogEvent.UNSET_TIME, Timestamps.ofEpochNumber(10_000_000_000_000L));
    assertEquals(LogEvent.UNSET_TIME, Timestamps.ofEpochNumber(10_000_000_000_000_000L));
    assertEquals(LogEvent.UNSET_TIME, Timestamps.parse("50000000000"));
    assertEquals(9_223_372_036L * Timestamps.NANOS_PER_SECOND, Timestamps.ofEpochNumber(9_223_372_036L));
    assertEquals(Long.MAX_VALUE, Timestamps.ofEpochNumber(Long.MAX_VALUE));
  }

  @Test
  void formatsWithTheNeededFractionDigits() {
    assertEquals("2024-05-01T12:30:00Z", Timestamps.format(iso("2024-05-01T12:30:00Z")));
    assertEquals("2024-05-01T12:30:00.123Z", Timestamps.format(iso("2024-05-01T12:30:00.123Z")));
    assertEquals("1969-12-31T23:59:59.999999999Z", Timestamps.format(-1));
  }

  @Test
  void theDateArithmeticAgreesWithLocalDateOnEveryDayOfYearsZeroTo9999() {
    int checked = 0;
    for (int year = 0; year <= 9999; year++) {
      for (int month = 1; month <= 12; month++) {
        for (int day = 1; day <= 31; day++) {
          java.time.LocalDate date;
          try {
            date = java.time.LocalDate.of(year, month, day);
          } catch (java.time.DateTimeException e) {
            date = null;
          }
          boolean valid = day <= Timestamps.daysInMonth(year, month);
          assertEquals(date != null, valid, year + "-" + month + "-" + day);
          if (date != null) {
            assertEquals(date.toEpochDay(), Timestamps.epochDay(year, month, day), date.toString());
            checked++;
          }
        }
      }
    }
    assertEquals(3_652_425, checked, "every day of 10,000 years");
    assertEquals(LogEvent.UNSET_TIME, Timestamps.parse("2023-02-29T00:00:00Z"));
    assertEquals(iso("2024-02-29T23:59:59Z"), Timestamps.parse("2024-02-29T23:59:59Z"));
    assertEquals(LogEvent.UNSET_TIME, Timestamps.parse("2100-02-29"));
    assertEquals(iso("2000-02-29T00:00:00Z"), Timestamps.parse("2000-02-29"));
    assertEquals(LogEvent.UNSET_TIME, Timestamps.parse("2024-04-31T00:00:00Z"));
  }

  /**
   * The bytes' parse, which reads the usual UTC form itself, gives what the text's parse gives: on
   * that form with every count of fraction digits, at the edges of each field, and on the same
   * strings with any one character changed, dropped or added.
   */
  @Test
  void theBytesParseAgreesWithTheTextParse() {
    java.util.Random r = new java.util.Random(30);
    String chars = "0123456789-:.,TtZz +x";
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", r.nextInt(2400),
          r.nextInt(14), r.nextInt(33), "Tt x".charAt(r.nextInt(4)), r.nextInt(26), r.nextInt(62), r.nextInt(62)));
      int digits = r.nextInt(12) - 1;
      if (digits >= 0) {
        b.append(r.nextBoolean() ? '.' : ',');
        for (int k = 0; k < digits; k++) {
          b.append((char) ('0' + r.nextInt(10)));
        }
      }
      b.append(r.nextInt(5) == 0 ? "+02:00" : r.nextBoolean() ? "Z" : "z");
      String s = b.toString();
      for (String t : new String[] {s, mutate(s, r, chars), mutate(mutate(s, r, chars), r, chars)}) {
        byte[] bytes = ("pad" + t + "pad").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(Timestamps.parse(t), Timestamps.parse(bytes, 3, t.length()), t);
        checked++;
      }
    }
    long valid = 0;
    for (String s : new String[] {"2024-02-29T23:59:60.999999999Z", "2023-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.9Z", "2255-06-05T23:59:59Z", "9999-12-31T23:59:59Z", "2024-05-01T12:30:00.Z",
        "2024-05-01T12:30:00.1234567891Z", "2024-05-01T12:30:00", "1714566600000"}) {
      byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      assertEquals(Timestamps.parse(s), Timestamps.parse(bytes, 0, bytes.length), s);
      valid += Timestamps.parse(s) == LogEvent.UNSET_TIME ? 0 : 1;
    }
    assertEquals(60_000, checked);
    assertEquals(5, valid);
  }

  private static String mutate(String s, java.util.Random r, String chars) {
    int at = r.nextInt(s.length());
    char c = chars.charAt(r.nextInt(chars.length()));
    switch (r.nextInt(3)) {
      case 0:
        return s.substring(0, at) + c + s.substring(at + 1);
      case 1:
        return s.substring(0, at) + s.substring(at + 1);
      default:
        return s.substring(0, at) + c + s.substring(at);
    }
  }
}
