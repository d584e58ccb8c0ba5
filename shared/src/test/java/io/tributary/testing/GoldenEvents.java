package io.tributary.testing;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events the committed golden fixtures ({@code src/test/resources/golden/}) were written from.
 * Never change them: a fixture test reads its file back to exactly these events. Together they
 * use every field, every severity and kind, every attribute type, server and client ids, hex and
 * other trace ids, repeats (for the codings of repeats) and text outside ASCII.
 */
public final class GoldenEvents {

  public static final TenantId TENANT = TenantId.of("golden");
  /** 2026-11-25T08:00:00Z. */
  public static final long T0 = 1_795_593_600_000_000_000L;

  private GoldenEvents() {
  }

  /** Enriched events, as the store and the archive get them: sorted by (time, id). */
  public static List<LogEvent> enriched() {
    List<LogEvent> out = new ArrayList<>();
    String[] services = {"billing", "api", "db"};
    String[] hosts = {"web-1", "web-2"};
    for (int i = 0; i < 40; i++) {
      Severity sev = Severity.ofCode(i % 6);
      Map<String, Object> attrs = new LinkedHashMap<>();
      attrs.put("pid", 4000L + (i % 3));
      attrs.put("latency_ms", 10L + i * 7L);
      if (i % 4 == 0) {
        attrs.put("ratio", i / 8.0);
      }
      if (i % 5 == 0) {
        attrs.put("ok", i % 10 == 0);
      }
      attrs.put("user", i % 3 == 0 ? "ann" : "bö-" + i);
      String id = i % 9 == 4 ? "client-id-" + i : EventIds.nth(0x0190_0000_0000_1234L + i, 0x5555_0000_0000_0000L, i);
      String trace = i % 7 == 0 ? null : i % 7 == 1 ? "Trace-Not-Hex-" + i : String.format("%032x", 0xABCDEFL * (i + 1));
      String span = i % 6 == 0 ? null : String.format("%016x", 0x1234L * (i + 3));
      String message = switch (i % 5) {
        case 0 -> "Received block blk_-" + (1600 + i) + " of size 67108864 from /10.251.43." + i;
        case 1 -> "card " + (4000 + i) + " declined for order " + i;
        case 2 -> "connection reset by peer \u2014 retrying in " + i + "s (attempt " + (i % 3) + ")";
        case 3 -> "Ünïcødé 日本語 line " + i + " with \u0011 placeholder-like chars \u0012\u0013";
        default -> "checkpoint done";
      };
      out.add(new LogEvent(id, TENANT, i % 3 == 0 ? EventKind.TEXT : EventKind.STRUCTURED,
          T0 + i * 1_234_567_891L, T0 + 5_000_000_000L + i * 1_000_000L, sev,
          i % 2 == 0 ? sev.name().toLowerCase() : null, services[i % 3], hosts[i % 2], message, attrs, trace, span,
          i % 5 == 4 ? null : "p" + (i % 5), i % 5 == 4 ? null : "template " + (i % 5) + " <*>"));
    }
    return out;
  }

  /** {@link #enriched} and events with the fields only the archive may hold empty. */
  public static List<LogEvent> forArchive() {
    List<LogEvent> out = new ArrayList<>(enriched());
    long t = T0 + 60_000_000_000L;
    out.add(new LogEvent("client-empty", TENANT, EventKind.STRUCTURED, t, t + 1, null, null, null, null, null,
        Map.of(), null, null, null, null));
    out.add(new LogEvent(EventIds.nth(0x0190_0000_0000_9999L, 0, 7), TENANT, EventKind.TEXT, t + 5, t + 2,
        Severity.WARN, "W", "", "", "", Map.of("", ""), "", "", "", ""));
    return out;
  }
}
