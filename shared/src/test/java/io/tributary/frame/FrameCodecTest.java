package io.tributary.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private static final TenantId ACME = TenantId.of("acme");

  private static LogEvent full(int i) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("n", (long) -i);
    attrs.put("d", i / 3.0);
    attrs.put("b", i % 2 == 0);
    attrs.put("s", "v" + i + " ünïcødé");
    return new LogEvent("id-" + i, ACME, i % 2 == 0 ? EventKind.TEXT : EventKind.STRUCTURED,
        i % 3 == 0 ? LogEvent.UNSET_TIME : 1_700_000_000_000_000_000L + i, 42L,
        i % 4 == 0 ? null : Severity.ofOrdinal(i % 6), i % 5 == 0 ? null : "lvl", "svc", "host", "message " + i,
        attrs, i % 2 == 0 ? null : "trace", null, "pid", "tmpl <*>");
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(full(i));
    }
    List<byte[]> frames = new FrameCodec().encode(ACME, 42L, events);
    assertEquals(1, frames.size());
    DecodedFrame d = FrameCodec.decode(frames.get(0));
    assertEquals(ACME, d.tenant());
    assertEquals(42L, d.ingestedNanos());
    assertEquals(events, d.events());
  }

  @Test
  void splitsIntoFramesUnderTheBoundKeepingOrder() {
    Random r = new Random(7);
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] noise = new byte[200];
      r.nextBytes(noise);
      // Random text compresses poorly, which forces splitting.
      events.add(new LogEvent("id-" + i, ACME, EventKind.TEXT, LogEvent.UNSET_TIME, 1L, Severity.INFO, null, "s", "h",
          java.util.Base64.getEncoder().encodeToString(noise), Map.of(), null, null, null, null));
    }
    int bound = 64 * 1024;
    List<byte[]> frames = new FrameCodec(bound).encode(ACME, 1L, events);
    assertTrue(frames.size() > 5, "split into several frames");
    List<LogEvent> back = new ArrayList<>();
    for (byte[] f : frames) {
      assertTrue(f.length <= bound, "frame of " + f.length + " bytes");
      back.addAll(FrameCodec.decode(f).events());
    }
    assertEquals(events, back);
  }

  @Test
  void refusesBytesThatAreNotAFrame() {
    assertThrows(CorruptFrameException.class, () -> FrameCodec.decode(new byte[] {1, 2, 3, 4}));
    byte[] frame = new FrameCodec().encode(ACME, 1L, List.of(full(1))).get(0);
    byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 3);
    assertThrows(CorruptFrameException.class, () -> FrameCodec.decode(cut));
  }
}
