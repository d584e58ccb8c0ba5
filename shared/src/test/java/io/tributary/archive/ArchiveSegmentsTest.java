package io.tributary.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.testing.Loghub;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveSegmentsTest {

  private static final TenantId ACME = TenantId.of("acme");

  private static LogEvent event(String id, String message, Map<String, Object> attrs, int i) {
    return new LogEvent(id, ACME, i % 3 == 0 ? EventKind.TEXT : EventKind.STRUCTURED,
        1_764_000_000_000_000_000L + i * 1_234_567L - (i % 7) * 1_000_000_000L, 1_764_000_000_500_000_000L + i / 100,
        i % 11 == 0 ? null : Severity.ofCode(i % 6), i % 4 == 0 ? null : "lvl" + (i % 3), "svc" + (i % 5),
        i % 9 == 0 ? null : "host-" + (i % 13), message, attrs, i % 2 == 0 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null,
        i % 5 == 0 ? "Not-Hex-Span" : null, i % 3 == 0 ? "p" + (i % 17) : null, i % 3 == 0 ? "tmpl <*>" : null);
  }

  @Test
  void everyLoghubLineAndEveryFieldComesBackExactly() throws IOException {
    List<LogEvent> events = new ArrayList<>();
    long[] base = EventIds.base(1_764_000_000_000L);
    int i = 0;
    for (String system : Loghub.SYSTEMS) {
      for (String line : Loghub.lines(system)) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("component", system);
        attrs.put("n", (long) (i * 37 - 5000));
        attrs.put("ratio", i / 7.0);
        attrs.put("ok", i % 2 == 0);
        String id = i % 10 == 0 ? "client-id:" + i : EventIds.nth(base[0], base[1], i);
        events.add(event(id, line, i % 50 == 0 ? Map.of() : attrs, i));
        i++;
      }
    }
    byte[] segment = ArchiveSegments.encode(events);
    assertEquals(events, ArchiveSegments.decode(ACME, segment));
    assertEquals(events, ArchiveSegments.decode(ACME, ArchiveSegments.encodeRows(events)));
  }

  @Test
  void awkwardMessagesComeBackExactly() throws IOException {
    String[] messages = {"", "007 -0 -12 12 999999999999999999 1234567890123456789 3.14 0x1f",
        "placeholders \u0011 \u0012 \u0013 in text 42", "ünïcødé 日本語 1 2 3", "   leading and trailing   ",
        "a=1,b=2;c:3 [4] (5) {6} <7> \"8\" '9' |10| /11/ \\12\\ &13 ?14 #15 @16", "-", "--5", "5-", "9223372036854775807"};
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      events.add(event("id-" + i, messages[i], Map.of(), i));
    }
    assertEquals(events, ArchiveSegments.decode(ACME, ArchiveSegments.encode(events)));
  }

  @Test
  void damagedSegmentsAreRefused() {
    byte[] segment = ArchiveSegments.encode(List.of(event("x", "m", Map.of(), 1)));
    segment[segment.length / 2] ^= 0x5A;
    assertThrows(IOException.class, () -> ArchiveSegments.decode(ACME, segment));
    assertThrows(IOException.class, () -> ArchiveSegments.decode(ACME, new byte[] {1, 2, 3, 4}));
  }

  @Test
  void clientIdsThatLookLikeOursButAreNotStayAsSent() throws IOException {
    long[] base = EventIds.base(1_764_000_000_000L);
    String ours = EventIds.nth(base[0], base[1], 0);
    String lower = ours.toLowerCase(java.util.Locale.ROOT);
    List<LogEvent> events = List.of(event(ours, "a", Map.of(), 1), event(lower, "b", Map.of(), 2));
    List<LogEvent> back = ArchiveSegments.decode(ACME, ArchiveSegments.encode(events));
    assertEquals(lower, back.get(1).id());
    assertTrue(back.get(0).id().equals(ours));
  }
}
