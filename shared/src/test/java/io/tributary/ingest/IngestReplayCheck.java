package io.tributary.ingest;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.EventCodec;
import io.tributary.frame.Frame;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.PayloadLayout;
import io.tributary.http.Problem;
import io.tributary.testing.InMemoryEventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The differential check of "what ingest accepts, processing reads, exactly": ingests a request
 * over an in-memory event log, replays every published frame as processing does, and compares.
 *
 * <ul>
 *   <li>ingest judged the request twice (only judging, as in production; and building the events)
 *       with the same verdicts, item by item;
 *   <li>nothing refused was published; every frame is within the frame bound and declares its
 *       decompressed length truly;
 *   <li>the replay threw nothing, found no unreadable item, and gave exactly {@code accepted}
 *       events, each equal, field by field and id included, to the event judging built;
 *   <li>each event survives the event-row encoding (what the store and the archive keep)
 *       unchanged, and holds no lone surrogate (which would be stored as '?').
 * </ul>
 */
public final class IngestReplayCheck {

  public static final TenantId TENANT = TenantId.of("acme");
  public static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

  private IngestReplayCheck() {
  }

  /**
   * What one check found.
   *
   * @param failure what diverged, or null when ingest and replay agreed
   * @param refusal the refusal's code when the request was refused as a whole, else null
   * @param itemsLayout true when a frame carried items rather than the body
   */
  public record Outcome(String failure, String refusal, int accepted, int rejected, int frames, boolean itemsLayout,
      List<String> rejectionCodes) {

    public boolean ok() {
      return failure == null;
    }
  }

  public static Outcome run(IngestCase c) {
    return run(c, IngestFormats.INGEST_ROUTE);
  }

  /** The check for a request to {@code route} (a compat route's format). */
  public static Outcome run(IngestCase c, String route) {
    InMemoryEventLog log = new InMemoryEventLog(1);
    IngestService service = new IngestService(log, new FrameCodec(c.frameBound()), c.limits(),
        Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
    AtomicReference<Judging[]> seen = new AtomicReference<>();
    service.probeJudging((asJudged, built) -> seen.set(new Judging[] {asJudged, built}));
    IngestResult result;
    try {
      result = service.ingest(route, new IngestRequest(TENANT, c.contentType(), c.contentEncoding(), c.sent(),
          c.defaults()), null);
    } catch (Throwable t) {
      return failed("ingest threw " + stack(t));
    }
    Judging[] j = seen.get();
    if (j != null) {
      String d = differences(j[0], j[1]);
      if (d != null) {
        return failed("judging and judging with events built disagree: " + d);
      }
    }
    if (result instanceof IngestResult.Refused refused) {
      if (!log.frames().isEmpty()) {
        return failed("refused (" + refused.problem().code() + ") but published " + log.frames().size() + " frames");
      }
      List<String> codes = j == null ? List.of() : j[0].rejections().stream().map(Rejection::code).toList();
      return new Outcome(null, refused.problem().code(), 0, 0, 0, false, codes);
    }
    IngestReceipt receipt = ((IngestResult.Accepted) result).receipt();
    if (j == null) {
      return failed("accepted without judging");
    }
    Judging built = j[1];
    if (receipt.accepted() != built.accepted() || receipt.rejectedCount() != built.rejections().size()) {
      return failed("the receipt says " + receipt.accepted() + " accepted / " + receipt.rejectedCount()
          + " rejected, judging " + built.accepted() + " / " + built.rejections().size());
    }
    List<LogEvent> replayed = new ArrayList<>();
    boolean items = false;
    for (byte[] f : log.frames()) {
      if (f.length > c.frameBound()) {
        return failed("a frame of " + f.length + " bytes is over the bound " + c.frameBound());
      }
      DecodedFrame d;
      try {
        Frame frame = FrameCodec.read(f);
        if (FrameCodec.rawLength(f) != frame.payload().length) {
          return failed("a frame declares " + FrameCodec.rawLength(f) + " bytes and holds " + frame.payload().length);
        }
        PayloadLayout layout = frame.header().layout();
        items |= IngestFormats.standard().forLayout(layout).map(fm -> fm.itemsLayout().equals(layout)).orElse(false);
        d = FrameEvents.decode(f);
      } catch (Throwable t) {
        return failed("replay threw " + stack(t));
      }
      if (d.unreadable() != 0) {
        return failed(d.unreadable() + " accepted items could not be read back");
      }
      if (!d.tenant().equals(TENANT) || d.ingestedNanos() != Timestamps.ofInstant(NOW)) {
        return failed("a frame's tenant or ingest time changed: " + d.tenant() + " " + d.ingestedNanos());
      }
      replayed.addAll(d.events());
    }
    if (replayed.size() != receipt.accepted()) {
      return failed("accepted " + receipt.accepted() + " events, replay read " + replayed.size());
    }
    for (int i = 0; i < replayed.size(); i++) {
      String d = differences(built.events().get(i), replayed.get(i));
      if (d != null) {
        return failed("event " + i + " as judged and as replayed differ in " + d);
      }
      d = storedAsIs(replayed.get(i));
      if (d != null) {
        return failed("event " + i + " is not stored as accepted: " + d);
      }
    }
    return new Outcome(null, null, receipt.accepted(), receipt.rejectedCount(), log.frames().size(), items,
        built.rejections().stream().map(Rejection::code).toList());
  }

  private static Outcome failed(String why) {
    return new Outcome(why, null, 0, 0, 0, false, List.of());
  }

  /** What differs between the two passes of judging, ignoring the events only one of them built. */
  static String differences(Judging a, Judging b) {
    Problem pa = a.refusal();
    Problem pb = b.refusal();
    if ((pa == null) != (pb == null) || pa != null && !(pa.code().equals(pb.code()) && pa.status() == pb.status()
        && pa.detail().equals(pb.detail()))) {
      return "refusal " + pa + " vs " + pb;
    }
    if (a.items() != b.items() || a.accepted() != b.accepted()) {
      return "items/accepted " + a.items() + "/" + a.accepted() + " vs " + b.items() + "/" + b.accepted();
    }
    if (!Arrays.equals(a.ranges(), b.ranges())) {
      return "byte ranges of the accepted items";
    }
    if (!a.rejections().equals(b.rejections())) {
      return "rejections " + a.rejections() + " vs " + b.rejections();
    }
    if (pa == null && b.events().size() != b.accepted()) {
      return "built " + b.events().size() + " events for " + b.accepted() + " accepted";
    }
    return null;
  }

  /** The first field in which two events differ (attributes compared in order, with their types), or null. */
  public static String differences(LogEvent a, LogEvent b) {
    Object[][] fields = {
        {"id", a.id(), b.id()}, {"tenant", a.tenant(), b.tenant()}, {"kind", a.kind(), b.kind()},
        {"timeNanos", a.timeNanos(), b.timeNanos()}, {"ingestedNanos", a.ingestedNanos(), b.ingestedNanos()},
        {"severity", a.severity(), b.severity()}, {"severityText", a.severityText(), b.severityText()},
        {"service", a.service(), b.service()}, {"host", a.host(), b.host()}, {"message", a.message(), b.message()},
        {"traceId", a.traceId(), b.traceId()}, {"spanId", a.spanId(), b.spanId()},
        {"patternId", a.patternId(), b.patternId()}, {"template", a.template(), b.template()},
    };
    for (Object[] f : fields) {
      if (!Objects.equals(f[1], f[2])) {
        return f[0] + ": " + show(f[1]) + " vs " + show(f[2]);
      }
    }
    List<Map.Entry<String, Object>> ea = new ArrayList<>(a.attributes().entrySet());
    List<Map.Entry<String, Object>> eb = new ArrayList<>(b.attributes().entrySet());
    if (ea.size() != eb.size()) {
      return "attributes: " + ea.size() + " vs " + eb.size() + " (" + a.attributes() + " vs " + b.attributes() + ")";
    }
    for (int i = 0; i < ea.size(); i++) {
      Map.Entry<String, Object> x = ea.get(i);
      Map.Entry<String, Object> y = eb.get(i);
      if (!x.getKey().equals(y.getKey()) || !Objects.equals(x.getValue(), y.getValue())
          || (x.getValue() != null && y.getValue() != null && x.getValue().getClass() != y.getValue().getClass())) {
        return "attribute " + i + ": " + show(x) + " (" + type(x.getValue()) + ") vs " + show(y) + " ("
            + type(y.getValue()) + ")";
      }
    }
    return null;
  }

  /** Null when {@code e} survives the event-row encoding unchanged and holds only valid text. */
  static String storedAsIs(LogEvent e) {
    ByteWriter w = new ByteWriter(256);
    EventCodec.write(e, w);
    LogEvent back = EventCodec.read(new ByteReader(w.array(), 0, w.size()), e.tenant(), e.ingestedNanos());
    String d = differences(e, back);
    if (d != null) {
      return "the event row changes " + d;
    }
    List<String> texts = new ArrayList<>(List.of(nz(e.id()), nz(e.severityText()), nz(e.service()), nz(e.host()),
        nz(e.message()), nz(e.traceId()), nz(e.spanId())));
    e.attributes().forEach((k, v) -> {
      texts.add(k);
      texts.add(String.valueOf(v));
    });
    for (String t : texts) {
      if (EventObjectReader.loneSurrogate(t) >= 0) {
        return "a lone surrogate in " + show(t);
      }
    }
    return null;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String type(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  private static String show(Object o) {
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 200); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || Character.isSurrogate(c) || c > 0x7E ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return b.append(s.length() > 200 ? "…" : "").toString();
  }

  private static String stack(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    String s = w.toString();
    return s.length() > 3000 ? s.substring(0, 3000) : s;
  }
}
