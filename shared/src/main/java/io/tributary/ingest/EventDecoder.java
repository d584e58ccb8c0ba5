package io.tributary.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.ByteReader;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a decoded body into events and per-item rejections, in one pass over the bytes: finds the
 * items of each body shape, and reads each JSON object through {@link EventObjectReader}, where
 * what the fields mean is written down. Items that break a rule are rejected with a reason and the
 * rest is kept; only a body whose structure cannot be read at all (a broken JSON array) is refused
 * as a whole.
 *
 * <p>Body shapes: NDJSON, and application/json whose first value is an object that does not start
 * with an {@code "events"} array, are one item per line (split at LF, a CR before it dropped;
 * lines of only spaces, tabs and CRs are not items but count in the line numbers); a JSON array,
 * or {@code {"events":[…]}} (fields after the array ignored, a second {@code "events"} refused),
 * has one item per element; text/plain is one event per line, its bytes as they came (valid
 * UTF-8, no NUL). A UTF-8 byte-order mark at the start of a body is skipped.
 *
 * <p>The same decoder runs twice on the same bytes: at ingest ({@link Mode#INGEST}) to judge each
 * item, and in processing ({@link Mode#REPLAY}) to turn a frame back into events. Both give the
 * valid events the same ids (a per-request base plus the event's sequence number) and the same
 * fields, so a frame can carry the client's bytes as they came. A replay judges nothing: it passes
 * over the items ingest rejected (the frame's skip list), applies no size limits (settings may
 * change in between) and builds an event from every other item it can parse, even one that breaks
 * today's rules (only a frame written by an older version with other rules can hold one), so that
 * nothing ingest acknowledged is dropped. Judging and materializing are independent: at ingest the
 * decoder normally only judges, and builds events only for the tests that compare them with a
 * replay.
 *
 * <p>Not thread-safe: one instance per request or frame.
 */
final class EventDecoder {

  /** Judging a request, or rebuilding the events of a frame. */
  enum Mode { INGEST, REPLAY }

  private static final IngestLimits REPLAY_LIMITS = new IngestLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
      Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE / 4,
      Integer.MAX_VALUE);

  private final Mode mode;
  private final boolean materialize;
  private final IngestLimits limits;
  private final EventObjectReader reader;
  private final TenantId tenant;
  private final EventDefaults defaults;
  private final long nowNanos;
  private final long idHi;
  private final long idLo;
  private final int firstSeq;
  private final int[] skip;
  private int skipAt;
  /** The valid events, in order, when materializing. */
  final List<LogEvent> events = new ArrayList<>();
  /** At ingest, the rejected items, in order. */
  final List<Rejection> rejections = new ArrayList<>();
  /** Byte ranges of the valid items in the decoded body, in order ({@code [start, end)} pairs). */
  int[] ranges = new int[64];
  private int items;
  /** Items a replay could not parse although ingest accepted them (a bug or damage). */
  int corrupt;
  /** Valid events so far. */
  int accepted;

  /**
   * @param materialize build the valid events (always in a replay)
   * @param limits the request's limits (ignored in a replay)
   * @param idBase {hi, lo} of the request's id base ({@code EventIds.base})
   * @param firstSeq sequence number of the first valid event this decoder sees
   * @param skip sorted item indexes to pass over (REPLAY: those ingest rejected)
   */
  EventDecoder(Mode mode, boolean materialize, IngestLimits limits, TenantId tenant, EventDefaults defaults,
      long nowNanos, long[] idBase, int firstSeq, int[] skip) {
    this.mode = mode;
    this.materialize = materialize || mode == Mode.REPLAY;
    this.limits = mode == Mode.REPLAY ? REPLAY_LIMITS : limits;
    this.reader = new EventObjectReader(this.limits, this.materialize);
    this.tenant = tenant;
    this.defaults = defaults;
    this.nowNanos = nowNanos;
    this.idHi = idBase[0];
    this.idLo = idBase[1];
    this.firstSeq = firstSeq;
    this.skip = skip;
  }

  /** Total items seen, accepted or not (in a replay: not counting those passed over). */
  int items() {
    return items;
  }

  /** True when item {@code index} is to be passed over (it was rejected at ingest). */
  private boolean skipped(int index) {
    while (skipAt < skip.length && skip[skipAt] < index) {
      skipAt++;
    }
    return skipAt < skip.length && skip[skipAt] == index;
  }

  private String nextId() {
    return EventIds.nth(idHi, idLo, firstSeq + accepted);
  }

  /** Records a valid item; {@code e} is null when only judging. */
  private void accept(LogEvent e, int start, int end) {
    int n = accepted++;
    if (e != null) {
      events.add(e);
    }
    if (2 * n + 2 > ranges.length) {
      ranges = Arrays.copyOf(ranges, ranges.length * 2);
    }
    ranges[2 * n] = start;
    ranges[2 * n + 1] = end;
  }

  /** Items of an ITEMS frame (replay only): {@code length:varint bytes} each, all of one kind. */
  void decodeItems(byte[] b, int from, int to, boolean json) {
    reader.checkText(false);
    ByteReader r = new ByteReader(b, from, to - from);
    int index = 0;
    while (r.hasRemaining()) {
      int len = r.readVarInt();
      int start = r.position();
      r.skip(len);
      items++;
      if (json) {
        readJsonLine(b, start, start + len, index);
      } else {
        readTextLine(b, start, start + len, index, -1);
      }
      index++;
    }
  }

  void decode(BodyFormat format, byte[] body) throws BodyDecoding.Failure {
    switch (format) {
      case TEXT:
        decodeLines(body, false);
        break;
      case NDJSON:
        decodeLines(body, true);
        break;
      case JSON:
        decodeJson(body);
        break;
      default:
        throw new IllegalArgumentException(String.valueOf(format));
    }
  }

  // ---- lines (NDJSON, text/plain, objects one per line) --------------------------------------

  private void decodeLines(byte[] b, boolean json) throws BodyDecoding.Failure {
    int start = bomLength(b);
    int line = 0;
    int n = b.length;
    while (start < n) {
      // One pass finds the line's end and what in it the checks must look at.
      long scan = Utf8.scanLine(b, start, n);
      int stop = (int) scan;
      int flags = (int) (scan >>> 32);
      int lineEnd = stop > start && b[stop - 1] == '\r' ? stop - 1 : stop;
      if (!isBlank(b, start, lineEnd) && !skippedItem(line)) {
        countItem();
        if (json) {
          reader.checkText(mode == Mode.INGEST && (flags & (Utf8.NOT_ASCII | Utf8.SURROGATE_ESCAPE)) != 0);
          readJsonLine(b, start, lineEnd, line);
        } else {
          readTextLine(b, start, lineEnd, line, flags);
        }
      }
      line++;
      if (stop >= n) {
        break;
      }
      start = stop + 1;
    }
  }

  /** In a replay, an item ingest rejected: not read, not counted. */
  private boolean skippedItem(int index) {
    return mode == Mode.REPLAY && skipped(index);
  }

  /**
   * One text/plain line; a replay keeps every line it is given (the checks are ingest's).
   * {@code flags} ({@link Utf8#scanLine}) say which checks can fail; -1 for all.
   */
  private void readTextLine(byte[] b, int from, int to, int index, int flags) {
    int len = to - from;
    if (mode == Mode.INGEST) {
      if (len > limits.maxEventBytes()) {
        reject(index, Reasons.EVENT_TOO_LARGE, "the line is " + len + " bytes; the limit is "
            + limits.maxEventBytes() + " bytes per event: split it or send the payload as an attribute");
        return;
      }
      int nul = (flags & Utf8.NUL) == 0 ? -1 : indexOf(b, (byte) 0, from, to);
      if (nul >= 0) {
        reject(index, Reasons.NUL_BYTE, "the line has a NUL byte at column " + (nul - from)
            + ": binary data is not a log line; strip NUL bytes or base64-encode the payload");
        return;
      }
      int bad = (flags & Utf8.NOT_ASCII) == 0 ? -1 : Utf8.firstInvalid(b, from, to);
      if (bad >= 0) {
        reject(index, Reasons.INVALID_UTF8, "the line is not valid UTF-8 (byte 0x"
            + Integer.toHexString(b[bad] & 0xFF) + " at column " + (bad - from) + "); re-encode the text as UTF-8");
        return;
      }
    }
    if (!materialize) {
      accept(null, from, to);
      return;
    }
    String message = new String(b, from, len, StandardCharsets.UTF_8);
    accept(new LogEvent(nextId(), tenant, EventKind.TEXT, LogEvent.UNSET_TIME, nowNanos,
        defaults.severity(), null, defaults.service(), defaults.host(), message, Map.of(), null, null, null, null),
        from, to);
  }

  /** One JSON object on its own (an NDJSON line or an item of an ITEMS frame). */
  private void readJsonLine(byte[] b, int from, int to, int index) {
    int len = to - from;
    if (len > limits.maxEventBytes()) {
      reject(index, Reasons.EVENT_TOO_LARGE, "the line is " + len + " bytes; the limit is "
          + limits.maxEventBytes() + " bytes per event");
      return;
    }
    try (JsonParser p = Json.factory().createParser(b, from, len)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        reject(index, Reasons.NOT_AN_OBJECT, "each line must be one JSON object, found "
            + EventObjectReader.describe(t));
        return;
      }
      EventDraft d = reader.read(p);
      if (p.nextToken() != null) {
        reject(index, Reasons.MALFORMED_JSON, "the line holds more than one JSON value; put one object per line");
        return;
      }
      finish(d, index, from, to);
    } catch (StreamConstraintsException e) {
      reject(index, Reasons.JSON_TOO_DEEP, "the object is nested deeper than " + Json.MAX_PARSER_DEPTH
          + " levels or breaks a size limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      reject(index, jsonErrorCode(e), "the line is not valid JSON: " + e.getOriginalMessage()
          + " (column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      reject(index, Reasons.MALFORMED_JSON, "the line cannot be read: " + e.getMessage());
    }
  }

  // ---- application/json ----------------------------------------------------------------------

  private void decodeJson(byte[] b) throws BodyDecoding.Failure {
    int i = bomLength(b);
    while (i < b.length && isSpace(b[i])) {
      i++;
    }
    if (i == b.length) {
      return;
    }
    if (b[i] == '{' && !isEventsWrapper(b, i)) {
      decodeLines(b, true);
      return;
    }
    if (b[i] != '[' && b[i] != '{') {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.MALFORMED_JSON,
          "a JSON body must be an array of events, {\"events\":[...]}, or one object per line"));
    }
    // A replay judges nothing, so it checks no text; ingest skips the checks where none can fail.
    reader.checkText(mode == Mode.INGEST && !Utf8.isPlainJson(b, i, b.length));
    try (JsonParser p = Json.factory().createParser(b, i, b.length - i)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        p.nextToken(); // "events"
        p.nextToken(); // [
      }
      readArray(p, i);
      JsonToken t = p.nextToken();
      while (t == JsonToken.FIELD_NAME) {
        if (mode == Mode.INGEST && "events".equals(p.currentName())) {
          throw new JsonBodyException("the body has a second \"events\" field; put all events in one array");
        }
        p.nextToken();
        p.skipChildren();
        t = p.nextToken();
      }
      if (t == JsonToken.END_OBJECT) {
        t = p.nextToken();
      }
      if (t != null) {
        throw new JsonBodyException("unexpected " + EventObjectReader.describe(t) + " after the events");
      }
    } catch (StreamConstraintsException e) {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.JSON_TOO_DEEP,
          "the JSON is nested deeper than " + Json.MAX_PARSER_DEPTH + " levels or breaks a size limit ("
              + printable(e.getOriginalMessage()) + "); flatten it"));
    } catch (JsonProcessingException e) {
      throw new BodyDecoding.Failure(Problem.of(400, jsonErrorCode(e),
          "the body is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ": " + printable(e.getOriginalMessage())
              + "; no event of this request was accepted"));
    } catch (JsonBodyException e) {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.MALFORMED_JSON, e.getMessage()));
    } catch (IOException e) {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.MALFORMED_JSON,
          "the body cannot be read: " + printable(e.getMessage())));
    }
  }

  /** Reads array elements; leaves the parser on the END_ARRAY. */
  private void readArray(JsonParser p, int base) throws IOException, BodyDecoding.Failure {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonBodyException("expected an array of events");
    }
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new JsonBodyException("the array of events is not closed");
      }
      long startByte = p.currentTokenLocation().getByteOffset();
      if (skippedItem(index)) {
        p.skipChildren();
        index++;
        continue;
      }
      countItem();
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        reject(index++, Reasons.NOT_AN_OBJECT, "each event must be a JSON object, found " + EventObjectReader.describe(t));
        continue;
      }
      EventDraft d = reader.read(p);
      long endByte = p.currentLocation().getByteOffset();
      long size = endByte - startByte;
      if (size > limits.maxEventBytes()) {
        reject(index++, Reasons.EVENT_TOO_LARGE, "the event is " + size + " bytes; the limit is "
            + limits.maxEventBytes() + " bytes per event");
        continue;
      }
      finish(d, index++, base + (int) startByte, base + (int) endByte);
    }
  }

  /** True when the object at {@code i} starts with the field "events" holding an array. */
  private static boolean isEventsWrapper(byte[] b, int i) {
    try (JsonParser p = Json.factory().createParser(b, i, Math.min(b.length - i, 4096))) {
      return p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
          && "events".equals(p.currentName()) && p.nextToken() == JsonToken.START_ARRAY;
    } catch (IOException e) {
      return false;
    }
  }

  // ---- one event -----------------------------------------------------------------------------

  /**
   * At ingest: rejects the item for the first rule it broke, or for having no message or a time
   * too far ahead. A replay builds the event in any case.
   */
  private void finish(EventDraft d, int index, int start, int end) {
    if (mode == Mode.INGEST) {
      if (d.errorCode != null) {
        reject(index, d.errorCode, d.errorMessage);
        return;
      }
      if (d.messageLength <= 0) {
        reject(index, Reasons.MISSING_MESSAGE,
            "the event has no message: put the log text in \"message\" (or msg, log, body)");
        return;
      }
      if (d.timeNanos != LogEvent.UNSET_TIME && d.timeNanos > nowNanos + limits.maxFutureNanos()) {
        reject(index, Reasons.TIMESTAMP_IN_FUTURE, "the timestamp " + Timestamps.format(d.timeNanos)
            + " is more than " + (limits.maxFutureNanos() / 3_600_000_000_000L)
            + " h ahead of the server clock; check the sender's clock and time zone");
        return;
      }
    }
    if (!materialize) {
      accept(null, start, end);
      return;
    }
    Severity severity = d.numberSeverity != null ? d.numberSeverity
        : d.levelSeverity != null ? d.levelSeverity : defaults.severity();
    accept(new LogEvent(
        d.id != null ? d.id : nextId(),
        tenant, EventKind.STRUCTURED, d.timeNanos, nowNanos,
        severity, d.levelText != null ? d.levelText : d.numberText,
        d.service != null && !d.service.isEmpty() ? d.service : defaults.service(),
        d.host != null && !d.host.isEmpty() ? d.host : defaults.host(),
        d.message != null ? d.message : "",
        d.attributes == null ? Map.of() : d.attributes,
        d.traceId, d.spanId, null, null), start, end);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void countItem() throws BodyDecoding.Failure {
    if (++items > limits.maxEvents() && mode == Mode.INGEST) {
      throw new BodyDecoding.Failure(Problem.of(413, Reasons.TOO_MANY_EVENTS,
          "the request holds more than " + limits.maxEvents() + " events; send smaller batches"));
    }
  }

  /** At ingest, records a rejected item; in a replay, counts an item it cannot parse. */
  private void reject(int index, String code, String message) {
    if (mode == Mode.REPLAY) {
      corrupt++;
      return;
    }
    rejections.add(new Rejection(index, code, printable(message)));
  }

  /** {@code s} without lone surrogates (parser messages may quote the input), so it can be sent back. */
  private static String printable(String s) {
    return s == null || EventObjectReader.loneSurrogate(s) < 0 ? s
        : s.replaceAll("[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]", "\uFFFD");
  }

  /** invalid_utf8 for bytes that are not UTF-8 and for a broken surrogate pair the parser itself finds. */
  private static String jsonErrorCode(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return m != null && (m.contains("UTF-8") || m.contains("surrogate")) ? Reasons.INVALID_UTF8 : Reasons.MALFORMED_JSON;
  }

  private static int bomLength(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isSpace(b[i])) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** A JSON body or object whose structure is not what ingest reads. */
  static final class JsonBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    JsonBodyException(String message) {
      super(message);
    }
  }
}
