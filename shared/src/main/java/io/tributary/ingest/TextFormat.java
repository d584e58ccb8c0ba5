package io.tributary.ingest;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.frame.PayloadLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code text/plain} on {@code /api/logs/ingest}: one unstructured log line per line, its bytes as
 * they came (valid UTF-8, no NUL, at most the per-event limit). Ingest does not parse the lines
 * (enrichment in processing does); each is a {@link EventKind#TEXT} event with the request's
 * defaults. Wire ids: {@code TEXT_BODY} (1) and {@code TEXT_ITEMS} (4).
 */
final class TextFormat implements IngestFormat {

  static final TextFormat INSTANCE = new TextFormat();

  private TextFormat() {
  }

  @Override
  public String name() {
    return "text";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return PayloadLayout.TEXT_BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return PayloadLayout.TEXT_ITEMS;
  }

  @Override
  public String route() {
    return IngestFormats.INGEST_ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("text/plain");
  }

  @Override
  public void read(byte[] body, BodyReading r) throws BodyRefusal {
    Lines.read(body, r, TextFormat::line);
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    line(b, from, to, 0, -1, r);
  }

  /** One line; a replay keeps every line it is given (the checks are ingest's). */
  private static void line(byte[] b, int from, int to, int index, int flags, BodyReading r) {
    int len = to - from;
    if (r.judging()) {
      IngestLimits limits = r.limits();
      if (len > limits.maxEventBytes()) {
        r.reject(index, Reasons.EVENT_TOO_LARGE, "the line is " + len + " bytes; the limit is "
            + limits.maxEventBytes() + " bytes per event: split it or send the payload as an attribute");
        return;
      }
      int nul = (flags & Utf8.NUL) == 0 ? -1 : indexOf(b, (byte) 0, from, to);
      if (nul >= 0) {
        r.reject(index, Reasons.NUL_BYTE, "the line has a NUL byte at column " + (nul - from)
            + ": binary data is not a log line; strip NUL bytes or base64-encode the payload");
        return;
      }
      int bad = (flags & Utf8.NOT_ASCII) == 0 ? -1 : Utf8.firstInvalid(b, from, to);
      if (bad >= 0) {
        r.reject(index, Reasons.INVALID_UTF8, "the line is not valid UTF-8 (byte 0x"
            + Integer.toHexString(b[bad] & 0xFF) + " at column " + (bad - from) + "); re-encode the text as UTF-8");
        return;
      }
    }
    if (!r.materialize()) {
      r.accept(null, from, to);
      return;
    }
    EventDefaults defaults = r.defaults();
    String message = new String(b, from, len, StandardCharsets.UTF_8);
    r.accept(new LogEvent(r.nextId(), r.tenant(), EventKind.TEXT, LogEvent.UNSET_TIME, r.nowNanos(),
        defaults.severity(), null, defaults.service(), defaults.host(), message, Map.of(), null, null, null, null),
        from, to);
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
