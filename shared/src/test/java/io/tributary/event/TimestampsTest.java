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
  void formatsWithTheNeededFractionDigits() {
    assertEquals("2024-05-01T12:30:00Z", Timestamps.format(iso("2024-05-01T12:30:00Z")));
    assertEquals("2024-05-01T12:30:00.123Z", Timestamps.format(iso("2024-05-01T12:30:00.123Z")));
    assertEquals("1969-12-31T23:59:59.999999999Z", Timestamps.format(-1));
  }
}
