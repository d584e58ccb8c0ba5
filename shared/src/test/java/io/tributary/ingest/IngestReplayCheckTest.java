package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The differential check itself: it must see what it is there to see. */
class IngestReplayCheckTest {

  private static LogEvent event(Map<String, Object> attrs, String message) {
    return new LogEvent("id", IngestReplayCheck.TENANT, EventKind.STRUCTURED, 1L, 2L, Severity.INFO, "info", "s", "h",
        message, attrs, null, null, null, null);
  }

  @Test
  void eventsDifferingOnlyInAnAttributesTypeOrOrderAreDifferent() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1L);
    a.put("y", "v");
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("y", "v");
    b.put("x", 1L);
    Map<String, Object> c = new LinkedHashMap<>(a);
    c.put("x", 1.0);
    assertNull(IngestReplayCheck.differences(event(a, "m"), event(new LinkedHashMap<>(a), "m")));
    assertNotNull(IngestReplayCheck.differences(event(a, "m"), event(b, "m")), "order");
    assertNotNull(IngestReplayCheck.differences(event(a, "m"), event(c, "m")), "type");
    assertTrue(IngestReplayCheck.differences(event(a, "m"), event(a, "n")).startsWith("message"));
  }

  @Test
  void anEventWithALoneSurrogateIsNotStoredAsAccepted() {
    assertNull(IngestReplayCheck.storedAsIs(event(Map.of(), "fine \uD83D\uDE00")));
    assertNotNull(IngestReplayCheck.storedAsIs(event(Map.of(), "lone \uD800")));
    assertNotNull(IngestReplayCheck.storedAsIs(event(Map.of("k\uDC00", 1L), "m")));
  }

  @Test
  void theSameSeedGivesTheSameCase() {
    for (long seed = 0; seed < 50; seed++) {
      IngestCase a = IngestCases.next(new Random(seed));
      IngestCase b = IngestCases.next(new Random(seed));
      assertEquals(a.describe(), b.describe());
      assertEquals(java.util.Arrays.toString(a.sent()), java.util.Arrays.toString(b.sent()));
    }
  }
}
