package io.tributary.ingest.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.Timestamps;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class SyslogParserTest {

  @Test
  void readsRfc3339TimesAsJavaDoesAndRefusesWhatIsNotOne() {
    for (String t : new String[] {"2026-11-29T21:05:00Z", "2026-11-29T21:05:00.123Z", "2003-10-11T22:14:15.003Z",
        "2003-08-24T05:14:15.000003-07:00", "2024-02-29T23:59:59.123456789+01:30", "1985-04-12t23:20:50.52z"}) {
      assertEquals(Timestamps.ofInstant(OffsetDateTime.parse(t.replace('t', 'T').replace('z', 'Z')).toInstant()),
          SyslogParser.rfc3339(t), t);
    }
    for (String t : new String[] {"2026-11-29T21:05:00", "2026-11-29 21:05:00Z", "2026-02-30T21:05:00Z",
        "2026-11-29T24:05:00Z", "2026-11-29T21:05:00.Z", "2026-11-29T21:05:00+0100", "Nov 29 21:05:00", "-"}) {
      assertEquals(Long.MIN_VALUE, SyslogParser.rfc3339(t), t);
    }
  }
}
