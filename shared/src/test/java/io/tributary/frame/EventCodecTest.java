package io.tributary.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    TenantId acme = TenantId.of("acme");
    ByteWriter w = new ByteWriter(64);
    java.util.List<LogEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      attrs.put("n", (long) -i);
      attrs.put("d", i / 3.0);
      attrs.put("b", i % 2 == 0);
      attrs.put("s", "v" + i + " ünïcødé");
      LogEvent e = new LogEvent("id-" + i, acme, i % 2 == 0 ? EventKind.TEXT : EventKind.STRUCTURED,
          i % 3 == 0 ? LogEvent.UNSET_TIME : 1_700_000_000_000_000_000L + i, 42L,
          i % 4 == 0 ? null : Severity.ofCode(i % 6), i % 5 == 0 ? null : "lvl", "svc", "host", "message " + i,
          attrs, i % 2 == 0 ? null : "trace", null, "pid", "tmpl <*>");
      events.add(e);
      EventCodec.write(e, w);
    }
    ByteReader r = new ByteReader(w.array(), 0, w.size());
    for (LogEvent e : events) {
      assertEquals(e, EventCodec.read(r, acme, 42L));
    }
  }
}
