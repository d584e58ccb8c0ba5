package io.tributary.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a decoded body into events and per-item rejections, in one pass over the bytes. Items that
 * break a rule are rejected with a reason and the rest is kept; only a body whose structure cannot
 * be read at all (a broken JSON array) is refused as a whole.
 *
 * <p>The same decoder runs twice on the same bytes: at ingest ({@link Mode#INGEST}) to judge each
 * item and find the valid ones, and in processing ({@link Mode#REPLAY}) to turn a frame back into
 * events. Both give the valid events the same ids (a per-request base plus the event's sequence
 * number) and the same fields, so a frame can carry the client's bytes as they came. A replay
 * skips the items ingest rejected and applies no size limits, so settings changed in between
 * cannot drop an acknowledged event.
 *
 * <p>Not thread-safe: one instance per request or frame.
 */
final class EventDecoder {

  /** Judging a request, or rebuilding the events of a frame. */
  enum Mode { INGEST, REPLAY }

  private static final IngestLimits REPLAY_LIMITS = new IngestLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
      Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE / 4);

  private final Mode mode;
  private final IngestLimits limits;
  private final TenantId tenant;
  private final EventDefaults defaults;
  private final long nowNanos;
  private final long idHi;
  private final long idLo;
  private final int firstSeq;
  private final int[] skip;
  private int skipAt;
  final List<LogEvent> events = new ArrayList<>();
  final List<Rejection> rejections = new ArrayList<>();
  /** Byte ranges of the valid items in the decoded body, in order ({@code [start, end)} pairs). */
  int[] ranges = new int[64];
  private int items;
  /** Items a replay could not read although ingest accepted them. */
  int corrupt;
  /** Valid events so far (at ingest no event objects are built: ingest only judges). */
  int accepted;
  private final boolean materialize;

  /**
   * @param idBase {hi, lo} of the request's id base ({@code EventIds.base})
   * @param firstSeq sequence number of the first valid event this decoder sees
   * @param skip sorted item indexes to pass over (REPLAY: those ingest rejected)
   */
  EventDecoder(Mode mode, IngestLimits limits, TenantId tenant, EventDefaults defaults, long nowNanos, long[] idBase,
      int firstSeq, int[] skip) {
    this.mode = mode;
    this.limits = mode == Mode.REPLAY ? REPLAY_LIMITS : limits;
    this.tenant = tenant;
    this.defaults = defaults;
    this.nowNanos = nowNanos;
    this.idHi = idBase[0];
    this.idLo = idBase[1];
    this.firstSeq = firstSeq;
    this.skip = skip;
    this.materialize = mode == Mode.REPLAY;
  }

  /** Total items seen, accepted or not. */
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

  /** Records a valid item; {@code e} is null at ingest, which only judges. */
  private void accept(LogEvent e, int start, int end) {
    int n = accepted++;
    if (e != null) {
      events.add(e);
    }
    if (2 * n + 2 > ranges.length) {
      ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
    }
    ranges[2 * n] = start;
    ranges[2 * n + 1] = end;
  }

  /** Items of an ITEMS frame: {@code length:varint bytes} each, all of one kind. */
  void decodeItems(byte[] b, int from, int to, boolean json) {
    io.tributary.frame.ByteReader r = new io.tributary.frame.ByteReader(b, from, to - from);
    int index = 0;
    while (r.hasRemaining()) {
      int len = r.readVarInt();
      int start = r.position();
      items++;
      if (json) {
        readJsonLine(b, start, start + len, index);
      } else {
        readTextLine(b, start, start + len, index);
      }
      r.skip(len);
      index++;
    }
  }

  void decode(BodyFormat format, byte[] body) throws BodyDecoding.Failure {
    switch (format) {
      case TEXT:
        decodeText(body);
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

  // ---- text/plain ----------------------------------------------------------------------------

  private void decodeText(byte[] b) throws BodyDecoding.Failure {
    decodeLines(b, false);
  }

  private void decodeLines(byte[] b, boolean json) throws BodyDecoding.Failure {
    int start = bomLength(b);
    int line = 0;
    int n = b.length;
    while (start < n) {
      int end = indexOf(b, (byte) '\n', start, n);
      int stop = end < 0 ? n : end;
      int lineEnd = stop > start && b[stop - 1] == '\r' ? stop - 1 : stop;
      if (!isBlank(b, start, lineEnd) && !skippedItem(line)) {
        countItem();
        if (json) {
          readJsonLine(b, start, lineEnd, line);
        } else {
          readTextLine(b, start, lineEnd, line);
        }
      }
      line++;
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
  }

  /** In a replay, an item ingest rejected: not read, not counted. */
  private boolean skippedItem(int index) {
    return mode == Mode.REPLAY && skipped(index);
  }

  private void readTextLine(byte[] b, int from, int to, int index) {
    int len = to - from;
    if (len > limits.maxEventBytes()) {
      reject(index, Reasons.EVENT_TOO_LARGE, "the line is " + len + " bytes; the limit is "
          + limits.maxEventBytes() + " bytes per event: split it or send the payload as an attribute");
      return;
    }
    int nul = indexOf(b, (byte) 0, from, to);
    if (nul >= 0) {
      reject(index, Reasons.NUL_BYTE, "the line has a NUL byte at column " + (nul - from)
          + ": binary data is not a log line; strip NUL bytes or base64-encode the payload");
      return;
    }
    int bad = Utf8.firstInvalid(b, from, to);
    if (bad >= 0) {
      reject(index, Reasons.INVALID_UTF8, "the line is not valid UTF-8 (byte 0x"
          + Integer.toHexString(b[bad] & 0xFF) + " at column " + (bad - from) + "); re-encode the text as UTF-8");
      return;
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

  // ---- NDJSON --------------------------------------------------------------------------------

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
        reject(index, Reasons.NOT_AN_OBJECT, "each line must be one JSON object, found " + describe(t));
        return;
      }
      Draft d = readObject(p);
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
    try (JsonParser p = Json.factory().createParser(b, i, b.length - i)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        p.nextToken(); // "events"
        p.nextToken(); // [
      }
      readArray(p, i);
      if (p.currentToken() == JsonToken.END_ARRAY) {
        JsonToken t = p.nextToken();
        while (t == JsonToken.FIELD_NAME) {
          p.nextToken();
          p.skipChildren();
          t = p.nextToken();
        }
        if (t == JsonToken.END_OBJECT) {
          t = p.nextToken();
        }
        if (t != null) {
          throw new JsonBodyException("unexpected " + describe(t) + " after the events");
        }
      }
    } catch (StreamConstraintsException e) {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.JSON_TOO_DEEP,
          "the JSON is nested deeper than " + Json.MAX_PARSER_DEPTH + " levels or breaks a size limit ("
              + e.getOriginalMessage() + "); flatten it"));
    } catch (JsonProcessingException e) {
      throw new BodyDecoding.Failure(Problem.of(400, jsonErrorCode(e),
          "the body is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()
              + "; no event of this request was accepted"));
    } catch (JsonBodyException e) {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.MALFORMED_JSON, e.getMessage()));
    } catch (IOException e) {
      throw new BodyDecoding.Failure(Problem.of(400, Reasons.MALFORMED_JSON, "the body cannot be read: " + e.getMessage()));
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
        reject(index++, Reasons.NOT_AN_OBJECT, "each event must be a JSON object, found " + describe(t));
        continue;
      }
      Draft d = readObject(p);
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

  // ---- one event object ----------------------------------------------------------------------

  /** Reads the object the parser is on (START_OBJECT) to its END_OBJECT, collecting the first error. */
  private Draft readObject(JsonParser p) throws IOException {
    Draft d = new Draft();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      readField(p, d, name, v);
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonBodyException("expected a field name or '}', found " + describe(t));
    }
    return d;
  }

  private void readField(JsonParser p, Draft d, String name, JsonToken v) throws IOException {
    switch (name) {
      case "message": case "msg": case "log": case "body":
        if (materialize) {
          d.message = scalarText(p, v, d, name);
        } else {
          d.hasMessage = scalarLength(p, v, d, name) > 0;
        }
        return;
      case "timestamp": case "@timestamp": case "time": case "ts":
        readTime(p, v, d, name);
        return;
      case "severity": case "level": case "lvl": case "loglevel": case "severityText":
        if (materialize) {
          readSeverity(p, v, d, name);
        } else if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NUMBER_INT) {
          p.skipChildren();
          d.error(Reasons.INVALID_FIELD_TYPE, name + " must be a string such as INFO or ERROR");
        }
        return;
      case "severityNumber":
        if (v == JsonToken.VALUE_NUMBER_INT) {
          d.severity = otelSeverity(p.getIntValue());
          d.severityText = d.severityText == null ? p.getText() : d.severityText;
        } else {
          d.error(Reasons.INVALID_FIELD_TYPE, "severityNumber must be an integer 1-24");
          p.skipChildren();
        }
        return;
      case "service": case "service.name": case "serviceName": case "app": case "application":
        if (v == JsonToken.START_OBJECT) {
          flattenObject(p, d, name, 1);
        } else {
          d.service = name(p, v, d, name);
        }
        return;
      case "host": case "hostname": case "host.name":
        if (v == JsonToken.START_OBJECT) {
          flattenObject(p, d, name, 1);
        } else {
          d.host = name(p, v, d, name);
        }
        return;
      case "id":
        d.id = scalarText(p, v, d, name);
        if (d.id != null && !EventIds.isValidClientId(d.id)) {
          d.error(Reasons.INVALID_ID, "id must be 1-" + EventIds.MAX_CLIENT_ID_LENGTH
              + " characters of letters, digits and - _ . : /");
        }
        return;
      case "traceId": case "trace_id": case "traceid":
        if (materialize) {
          d.traceId = scalarText(p, v, d, name);
        } else {
          scalarLength(p, v, d, name);
        }
        return;
      case "spanId": case "span_id": case "spanid":
        if (materialize) {
          d.spanId = scalarText(p, v, d, name);
        } else {
          scalarLength(p, v, d, name);
        }
        return;
      case "attributes": case "attrs": case "fields": case "labels":
        if (v == JsonToken.START_OBJECT) {
          flattenObject(p, d, "", 1);
          return;
        }
        putAttribute(p, d, name, v, 1);
        return;
      default:
        putAttribute(p, d, name, v, 1);
    }
  }

  private void putAttribute(JsonParser p, Draft d, String key, JsonToken v, int depth) throws IOException {
    if (v == JsonToken.START_OBJECT) {
      flattenObject(p, d, key, depth + 1);
      return;
    }
    if (!materialize) {
      judgeAttribute(p, d, key, v, depth);
      return;
    }
    Object value;
    switch (v) {
      case VALUE_STRING:
        value = p.getText();
        break;
      case VALUE_NUMBER_INT:
        value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText() : (Object) p.getLongValue();
        break;
      case VALUE_NUMBER_FLOAT:
        value = p.getDoubleValue();
        break;
      case VALUE_TRUE:
        value = Boolean.TRUE;
        break;
      case VALUE_FALSE:
        value = Boolean.FALSE;
        break;
      case VALUE_NULL:
        return;
      case START_ARRAY:
        JsonNode node = Json.mapper().readTree(p);
        if (depthOf(node) + depth > limits.maxNesting()) {
          tooDeep(d, key);
          return;
        }
        value = node.toString();
        break;
      default:
        d.error(Reasons.MALFORMED_JSON, "unexpected " + describe(v) + " in attribute '" + key + "'");
        return;
    }
    if (!acceptableName(d, key)) {
      return;
    }
    if (d.attributes == null) {
      d.attributes = new LinkedHashMap<>();
    }
    d.attributes.put(key, value);
    checkCount(d, d.attributes.size());
  }

  /** What {@link #putAttribute} checks, without building the value. */
  private void judgeAttribute(JsonParser p, Draft d, String key, JsonToken v, int depth) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    if (v == JsonToken.START_ARRAY) {
      int deepest = 1;
      int level = 1;
      JsonToken t;
      while (level > 0 && (t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
          deepest = Math.max(deepest, ++level);
        } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
          level--;
        }
      }
      if (deepest + depth > limits.maxNesting()) {
        tooDeep(d, key);
        return;
      }
    } else if (!v.isScalarValue()) {
      d.error(Reasons.MALFORMED_JSON, "unexpected " + describe(v) + " in attribute '" + key + "'");
      return;
    }
    if (!acceptableName(d, key)) {
      return;
    }
    checkCount(d, ++d.attributeCount);
  }

  private void tooDeep(Draft d, String key) {
    d.error(Reasons.TOO_DEEPLY_NESTED, "attribute '" + key + "' is nested deeper than "
        + limits.maxNesting() + " levels; flatten it");
  }

  private boolean acceptableName(Draft d, String key) {
    if (key.isEmpty() || key.length() > limits.maxNameLength()) {
      d.error(Reasons.FIELD_TOO_LONG, "attribute names must be 1-" + limits.maxNameLength()
          + " characters; '" + abbreviate(key) + "' is " + key.length());
      return false;
    }
    return true;
  }

  private void checkCount(Draft d, int attributes) {
    if (attributes > limits.maxAttributes()) {
      d.error(Reasons.TOO_MANY_ATTRIBUTES, "the event has more than " + limits.maxAttributes()
          + " attributes after flattening; send fewer fields or nest them in a string");
    }
  }

  private void flattenObject(JsonParser p, Draft d, String prefix, int depth) throws IOException {
    if (depth > limits.maxNesting()) {
      tooDeep(d, prefix);
      p.skipChildren();
      return;
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
      putAttribute(p, d, key, p.nextToken(), depth);
    }
  }

  private void readTime(JsonParser p, JsonToken v, Draft d, String field) throws IOException {
    long nanos;
    if (v == JsonToken.VALUE_STRING) {
      nanos = Timestamps.parse(java.nio.CharBuffer.wrap(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
    } else if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      nanos = Timestamps.ofEpochNumber(p.getLongValue());
    } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      nanos = Timestamps.ofEpochNumber(p.getDoubleValue());
    } else {
      p.skipChildren();
      nanos = LogEvent.UNSET_TIME;
    }
    if (nanos == LogEvent.UNSET_TIME) {
      d.error(Reasons.INVALID_TIMESTAMP, field + " '" + abbreviate(v.isScalarValue() ? p.getText() : describe(v))
          + "' is not a time: send ISO-8601 (2024-05-01T12:00:00.123Z) or epoch seconds, ms, µs or ns");
      return;
    }
    d.timeNanos = nanos;
  }

  private void readSeverity(JsonParser p, JsonToken v, Draft d, String field) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      String text = p.getText();
      d.severityText = text;
      d.severity = Severity.parse(text);
    } else if (v == JsonToken.VALUE_NUMBER_INT) {
      int n = p.getIntValue();
      d.severityText = p.getText();
      d.severity = numericSeverity(n);
    } else {
      p.skipChildren();
      d.error(Reasons.INVALID_FIELD_TYPE, field + " must be a string such as INFO or ERROR");
    }
  }

  /** pino/bunyan levels (10..60) or syslog numbers (0..7). */
  private static Severity numericSeverity(int n) {
    switch (n) {
      case 10: return Severity.TRACE;
      case 20: return Severity.DEBUG;
      case 30: return Severity.INFO;
      case 40: return Severity.WARN;
      case 50: return Severity.ERROR;
      case 60: return Severity.FATAL;
      default: return n >= 0 && n <= 7 ? Severity.parse(Integer.toString(n)) : null;
    }
  }

  /** OpenTelemetry SeverityNumber 1..24. */
  private static Severity otelSeverity(int n) {
    if (n < 1 || n > 24) {
      return null;
    }
    return Severity.ofCode((n - 1) / 4);
  }

  private String scalarText(JsonParser p, JsonToken v, Draft d, String field) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v.isScalarValue()) {
      return p.getText();
    }
    p.skipChildren();
    d.error(Reasons.INVALID_FIELD_TYPE, field + " must be a string, found " + describe(v));
    return null;
  }

  private String name(JsonParser p, JsonToken v, Draft d, String field) throws IOException {
    if (!materialize) {
      int n = scalarLength(p, v, d, field);
      if (n > limits.maxNameLength()) {
        d.error(Reasons.FIELD_TOO_LONG, field + " is " + n + " characters; the limit is " + limits.maxNameLength());
      }
      return null;
    }
    String s = scalarText(p, v, d, field);
    if (s != null && s.length() > limits.maxNameLength()) {
      d.error(Reasons.FIELD_TOO_LONG, field + " is " + s.length() + " characters; the limit is " + limits.maxNameLength());
    }
    return s;
  }

  /** The length of a scalar's text without building it; -1 for null. Containers are an error. */
  private int scalarLength(JsonParser p, JsonToken v, Draft d, String field) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (v.isScalarValue()) {
      return v == JsonToken.VALUE_STRING ? p.getTextLength() : p.getText().length();
    }
    p.skipChildren();
    d.error(Reasons.INVALID_FIELD_TYPE, field + " must be a string, found " + describe(v));
    return -1;
  }

  private void finish(Draft d, int index, int start, int end) {
    if (d.errorCode != null) {
      reject(index, d.errorCode, d.errorMessage);
      return;
    }
    if (materialize ? d.message == null || d.message.isEmpty() : !d.hasMessage) {
      reject(index, Reasons.MISSING_MESSAGE, "the event has no message: put the log text in \"message\" (or msg, log, body)");
      return;
    }
    if (d.timeNanos != LogEvent.UNSET_TIME && d.timeNanos > nowNanos + limits.maxFutureNanos()) {
      reject(index, Reasons.TIMESTAMP_IN_FUTURE, "the timestamp " + Timestamps.format(d.timeNanos)
          + " is more than " + (limits.maxFutureNanos() / 3_600_000_000_000L) + " h ahead of the server clock; check the sender's clock and time zone");
      return;
    }
    if (!materialize) {
      accept(null, start, end);
      return;
    }
    Severity severity = d.severity != null ? d.severity : defaults.severity();
    accept(new LogEvent(
        d.id != null ? d.id : nextId(),
        tenant, EventKind.STRUCTURED, d.timeNanos, nowNanos,
        severity, d.severityText,
        d.service != null && !d.service.isEmpty() ? d.service : defaults.service(),
        d.host != null && !d.host.isEmpty() ? d.host : defaults.host(),
        d.message,
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

  private void reject(int index, String code, String message) {
    if (mode == Mode.REPLAY) {
      corrupt++;
      return;
    }
    rejections.add(new Rejection(index, code, message));
  }

  private static String jsonErrorCode(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return m != null && m.contains("UTF-8") ? Reasons.INVALID_UTF8 : Reasons.MALFORMED_JSON;
  }

  private static int depthOf(JsonNode n) {
    int max = 0;
    for (JsonNode c : n) {
      max = Math.max(max, depthOf(c));
    }
    return (n.isContainerNode() ? 1 : 0) + max;
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    switch (t) {
      case START_ARRAY: return "an array";
      case START_OBJECT: return "an object";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return t.asString() != null ? "'" + t.asString() + "'" : t.name();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
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

  /** A JSON body whose structure is not what ingest reads. */
  private static final class JsonBodyException extends IOException {
    JsonBodyException(String message) {
      super(message);
    }
  }

  /** One event being read; the first error wins. */
  private static final class Draft {
    String id;
    long timeNanos = LogEvent.UNSET_TIME;
    Severity severity;
    String severityText;
    String service;
    String host;
    String message;
    String traceId;
    String spanId;
    Map<String, Object> attributes;
    boolean hasMessage;
    int attributeCount;
    String errorCode;
    String errorMessage;

    void error(String code, String message) {
      if (errorCode == null) {
        errorCode = code;
        errorMessage = message;
      }
    }
  }
}
