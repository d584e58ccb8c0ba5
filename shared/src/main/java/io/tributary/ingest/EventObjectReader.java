package io.tributary.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.CharBuffer;
import java.util.LinkedHashMap;

/**
 * Reads one JSON event object into an {@link EventDraft}. The one place that says what each field
 * means and which values break a rule; ingest and replay both read through it, and only whether it
 * builds strings and maps ({@code materialize}) differs, so an object gets the same verdict and the
 * same content in both.
 *
 * <p>The rules, field by field (names are case-sensitive; when a field or its aliases occur more
 * than once the last non-null occurrence wins; {@code null} is the same as the field being absent,
 * for every field and attribute):
 * <ul>
 *   <li>{@code message | msg | log | body}: a string, or a number or boolean kept as written
 *       ({@code 12345}, {@code 1.50e3}, {@code true}); an object or array is
 *       {@code invalid_field_type}; absent or empty is {@code missing_message}.
 *   <li>{@code timestamp | @timestamp | time | ts}: ISO-8601 text, or an epoch number (text of
 *       digits, an integer or a fraction) whose unit its size tells (s, ms, µs, ns). Negative,
 *       past 2262 (what nanoseconds in a long hold), an integer beyond a long, not finite, or any
 *       other value: {@code invalid_timestamp}.
 *   <li>{@code severity | level | lvl | loglevel | severityText}: a string (kept as the severity
 *       text; a level word maps to the severity, anything else keeps the request's default), or a
 *       number of any size or precision (kept as written as the severity text; the exact integers
 *       0-7 map as syslog, 10/20/30/40/50/60 as pino/bunyan levels, any other number keeps the
 *       default). A boolean, object or array is {@code invalid_field_type}.
 *   <li>{@code severityNumber}: a number of any size or precision; the integers 1-24 map as
 *       OpenTelemetry's, and win over a level word wherever they stand; otherwise the default
 *       severity. Its text is the severity text when no level field gave one. Anything but a
 *       number is {@code invalid_field_type}.
 *   <li>{@code service | service.name | serviceName | app | application} and
 *       {@code host | hostname | host.name}: a scalar's text, at most {@code maxNameLength}
 *       characters ({@code field_too_long}); empty means the request's default. An object is not
 *       the service or host but is flattened into attributes under the field's name; an array is
 *       {@code invalid_field_type}.
 *   <li>{@code id}: a scalar's text of 1-128 letters, digits and {@code - _ . : /}
 *       ({@code invalid_id}); at ingest also not in the form of the server's own ids (26
 *       upper-case Crockford base32 characters, {@code invalid_id}), so that no client can claim
 *       an id the server gave out.
 *   <li>{@code traceId | trace_id | traceid}, {@code spanId | span_id | spanid}: a scalar's text.
 *   <li>{@code attributes | attrs | fields | labels}: an object's fields become attributes under
 *       their own names; any other value is an attribute under the field's name.
 *   <li>Every other field is an attribute: a string; an integer as a long, or as its text when
 *       beyond a long; a fraction as the nearest double, or as its text when a double cannot hold
 *       it (it overflows to infinity, or a non-zero rounds to zero); a boolean; an array as its
 *       compact JSON text with numbers as written; an object flattened to {@code key.sub} keys.
 *       Names are 1-{@code maxNameLength} characters ({@code field_too_long}); at most
 *       {@code maxAttributes} of them, a repeated key counted again ({@code too_many_attributes});
 *       objects and arrays at most {@code maxNesting} deep ({@code too_deeply_nested}).
 *   <li>A string or name that is kept and holds a lone UTF-16 surrogate (a {@code \\ud800} escape
 *       without its pair, or such a character in CESU-8 bytes) is {@code invalid_utf8}: it is
 *       not text, and would be stored as {@code ?}.
 * </ul>
 *
 * <p>A broken rule never stops the reading: the object is read to its end, and values are still
 * built when materializing, so that a replay, which does not judge, can rebuild an event that an
 * older version with other rules accepted.
 *
 * <p>Not thread-safe: one instance per decoder.
 */
final class EventObjectReader {

  /**
   * ECS names (Elasticsearch documents: {@code log.level}, {@code service.name},
   * {@code host.name}, {@code trace.id}, {@code span.id}), dotted or as nested objects, read as
   * the fields they name, for the Elasticsearch bulk format; null for our own JSON, where a nested
   * {@code service} object stays attributes.
   */
  private static final java.util.Map<String, String> ECS = java.util.Map.of("service.name", "service.name",
      "host.name", "host.name", "log.level", "level", "trace.id", "traceId", "span.id", "spanId");

  private final IngestLimits limits;
  private final boolean materialize;
  private final java.util.Map<String, String> aliases;
  private final java.util.HashMap<String, java.util.HashMap<String, String>> dottedNames = new java.util.HashMap<>();
  /**
   * Whether strings and names must be decoded and looked at for lone surrogates and bytes that are
   * not UTF-8. False for input {@link Utf8#isPlainJson} found plain, where no check can fail: then
   * strings that are only kept are left undecoded for the parser to skip (it checks escapes and
   * control characters either way), which is most of the cost of judging.
   */
  private boolean checkText = true;
  /** Length in UTF-16 units of the last scalar {@link #text} read; -1 after a container. */
  private int length;
  /** The bytes the parser of the object being read reads, when its caller gave them; else null. */
  private byte[] source;
  /** Where that parser starts in {@link #source}. */
  private int base;

  EventObjectReader(IngestLimits limits, boolean materialize) {
    this(limits, materialize, false);
  }

  /** @param ecs read ECS names as fields (Elasticsearch documents) */
  EventObjectReader(IngestLimits limits, boolean materialize, boolean ecs) {
    this.limits = limits;
    this.materialize = materialize;
    this.aliases = ecs ? ECS : null;
  }

  /** See {@link #checkText}: false only for input that is plain. */
  void checkText(boolean check) {
    this.checkText = check;
  }

  /** Reads the object the parser is on (its START_OBJECT) to its END_OBJECT. */
  EventDraft read(JsonParser p) throws IOException {
    return read(p, null, 0);
  }

  /**
   * {@link #read(JsonParser)}, with the bytes the parser reads ({@code source}, its byte offsets
   * counting from {@code base}): a message that is neither checked nor built is then not decoded
   * either, since whether it is empty is all a verdict needs, and the byte after its opening quote
   * says so (a parser leaves a string undecoded until asked for its text, and skips it after).
   */
  EventDraft read(JsonParser p, byte[] source, int base) throws IOException {
    this.source = source;
    this.base = base;
    try {
      return readObject(p);
    } finally {
      this.source = null;
    }
  }

  private EventDraft readObject(JsonParser p) throws IOException {
    EventDraft d = new EventDraft();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      readField(p, d, name, p.nextToken());
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonObjects.JsonBodyException("expected a field name or '}', found " + describe(t));
    }
    return d;
  }

  private void readField(JsonParser p, EventDraft d, String name, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    switch (name) {
      case "message": case "msg": case "log": case "body": {
        if (aliases != null && v == JsonToken.START_OBJECT && name.equals("log")) {
          // ECS: "log" is an object of log.level, log.logger, …, not the message.
          flattenObject(p, d, name, 1);
          return;
        }
        if (source != null && v == JsonToken.VALUE_STRING && !checkText && !materialize) {
          d.messageLength = source[base + (int) p.currentLocation().getByteOffset()] == '"' ? 0 : 1;
          return;
        }
        String s = text(p, v, d, name);
        if (length >= 0) {
          d.message = s;
          d.messageLength = length;
        }
        return;
      }
      case "timestamp": case "@timestamp": case "time": case "ts":
        readTime(p, v, d, name);
        return;
      case "severity": case "level": case "lvl": case "loglevel": case "severityText":
        readLevel(p, v, d, name);
        return;
      case "severityNumber":
        readSeverityNumber(p, v, d);
        return;
      case "service": case "service.name": case "serviceName": case "app": case "application":
        if (v == JsonToken.START_OBJECT) {
          flattenObject(p, d, name, 1);
        } else {
          String s = name(p, v, d, name);
          if (s != null) {
            d.service = s;
          }
        }
        return;
      case "host": case "hostname": case "host.name":
        if (v == JsonToken.START_OBJECT) {
          flattenObject(p, d, name, 1);
        } else {
          String s = name(p, v, d, name);
          if (s != null) {
            d.host = s;
          }
        }
        return;
      case "id":
        readId(p, v, d);
        return;
      case "traceId": case "trace_id": case "traceid": {
        String s = kept(p, v, d, name);
        if (s != null) {
          d.traceId = s;
        }
        return;
      }
      case "spanId": case "span_id": case "spanid": {
        String s = kept(p, v, d, name);
        if (s != null) {
          d.spanId = s;
        }
        return;
      }
      case "attributes": case "attrs": case "fields": case "labels":
        if (v == JsonToken.START_OBJECT) {
          flattenObject(p, d, "", 1);
        } else {
          putAttribute(p, d, name, v, 1);
        }
        return;
      default:
        String alias = aliases == null ? null : aliases.get(name);
        if (alias != null && v.isScalarValue()) {
          readField(p, d, alias, v);
          return;
        }
        putAttribute(p, d, name, v, 1);
    }
  }

  // ---- scalars -------------------------------------------------------------------------------

  /**
   * The text of the scalar the parser is on (a string, a number as written, true, false), built
   * only when materializing; sets {@link #length}. A container is {@code invalid_field_type}
   * (skipped, length -1, null).
   */
  private String text(JsonParser p, JsonToken v, EventDraft d, String field) throws IOException {
    if (!v.isScalarValue()) {
      p.skipChildren();
      d.error(Reasons.INVALID_FIELD_TYPE, field + " must be a string, found " + describe(v));
      length = -1;
      return null;
    }
    if (v == JsonToken.VALUE_STRING && (checkText || materialize)) {
      char[] c = p.getTextCharacters();
      int off = p.getTextOffset();
      length = p.getTextLength();
      if (checkText) {
        checkText(d, c, off, length, field);
      }
      return materialize ? new String(c, off, length) : null;
    }
    length = p.getTextLength();
    return materialize ? p.getText() : null;
  }

  /**
   * {@link #text} of a value that is only kept, not measured: when neither checking nor building,
   * a scalar is not even decoded (the parser skips it).
   */
  private String kept(JsonParser p, JsonToken v, EventDraft d, String field) throws IOException {
    if (!checkText && !materialize && v.isScalarValue()) {
      return null;
    }
    return text(p, v, d, field);
  }

  private String name(JsonParser p, JsonToken v, EventDraft d, String field) throws IOException {
    String s = text(p, v, d, field);
    if (length > limits.maxNameLength()) {
      d.error(Reasons.FIELD_TOO_LONG, field + " is " + length + " characters; the limit is " + limits.maxNameLength());
    }
    return s;
  }

  private void readId(JsonParser p, JsonToken v, EventDraft d) throws IOException {
    String s = text(p, v, d, "id");
    if (length < 0) {
      return;
    }
    CharSequence id = s != null ? s : CharBuffer.wrap(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (!EventIds.isValidClientId(id)) {
      d.error(Reasons.INVALID_ID, "id must be 1-" + EventIds.MAX_CLIENT_ID_LENGTH
          + " characters of letters, digits and - _ . : /");
    } else if (EventIds.hasServerForm(id)) {
      d.error(Reasons.INVALID_ID, "id '" + id + "' has the form of the ids the server makes (26 upper-case"
          + " Crockford base32 characters), which clients may not claim; send your ids in another form"
          + " (lower case, or with a prefix such as 'c-'), or omit id to have one made");
    }
    if (s != null) {
      d.id = s;
    }
  }

  private void readTime(JsonParser p, JsonToken v, EventDraft d, String field) throws IOException {
    long nanos;
    String what = null;
    if (v == JsonToken.VALUE_STRING) {
      char[] c = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      if (checkText) {
        checkText(d, c, off, len, field);
      }
      nanos = Timestamps.parse(c, off, len);
    } else if (v == JsonToken.VALUE_NUMBER_INT) {
      nanos = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? LogEvent.UNSET_TIME : Timestamps.ofEpochNumber(p.getLongValue());
    } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      nanos = Timestamps.ofEpochNumber(p.getDoubleValue());
    } else {
      what = describe(v);
      p.skipChildren();
      nanos = LogEvent.UNSET_TIME;
    }
    if (nanos == LogEvent.UNSET_TIME) {
      d.error(Reasons.INVALID_TIMESTAMP, field + " '" + abbreviate(what != null ? what : p.getText())
          + "' is not a time: send ISO-8601 (2024-05-01T12:00:00.123Z) or epoch seconds, ms, µs or ns"
          + " (at most 2262-04-11)");
      return;
    }
    d.timeNanos = nanos;
  }

  private void readLevel(JsonParser p, JsonToken v, EventDraft d, String field) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      String s = kept(p, v, d, field);
      if (materialize) {
        d.levelText = s;
        d.levelSeverity = Severity.parse(s);
      }
    } else if (v.isNumeric()) {
      if (materialize) {
        d.levelText = p.getText();
        d.levelSeverity = isInt(p, v) ? numericSeverity(p.getIntValue()) : null;
      }
    } else {
      String what = describe(v);
      p.skipChildren();
      d.error(Reasons.INVALID_FIELD_TYPE, field + " must be a string such as INFO or ERROR, or a number; found " + what);
    }
  }

  private void readSeverityNumber(JsonParser p, JsonToken v, EventDraft d) throws IOException {
    if (v.isNumeric()) {
      if (materialize) {
        d.numberText = p.getText();
        d.numberSeverity = isInt(p, v) ? otelSeverity(p.getIntValue()) : null;
      }
    } else {
      String what = describe(v);
      p.skipChildren();
      d.error(Reasons.INVALID_FIELD_TYPE, "severityNumber must be a number (OpenTelemetry's 1-24); found " + what);
    }
  }

  /** True when the number is an integer that fits an int, so that getIntValue cannot throw. */
  private static boolean isInt(JsonParser p, JsonToken v) throws IOException {
    return v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
  }

  /** pino/bunyan levels (10..60) or syslog numbers (0..7); null for any other number. */
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

  /** OpenTelemetry SeverityNumber 1..24; null outside. */
  private static Severity otelSeverity(int n) {
    if (n < 1 || n > 24) {
      return null;
    }
    return Severity.ofCode((n - 1) / 4);
  }

  // ---- attributes ----------------------------------------------------------------------------

  private void putAttribute(JsonParser p, EventDraft d, String key, JsonToken v, int depth) throws IOException {
    Object value;
    switch (v) {
      case VALUE_NULL:
        return;
      case START_OBJECT:
        flattenObject(p, d, key, depth + 1);
        return;
      case VALUE_STRING:
        value = kept(p, v, d, key);
        break;
      case VALUE_NUMBER_INT:
        value = !materialize ? null
            : p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText() : (Object) p.getLongValue();
        break;
      case VALUE_NUMBER_FLOAT:
        value = materialize ? fraction(p) : null;
        break;
      case VALUE_TRUE:
        value = Boolean.TRUE;
        break;
      case VALUE_FALSE:
        value = Boolean.FALSE;
        break;
      case START_ARRAY:
        value = arrayText(p, d, key, depth);
        break;
      default:
        d.error(Reasons.MALFORMED_JSON, "unexpected " + describe(v) + " in attribute '" + abbreviate(key) + "'");
        return;
    }
    checkName(d, key);
    if (++d.attributeCount > limits.maxAttributes()) {
      d.error(Reasons.TOO_MANY_ATTRIBUTES, "the event has more than " + limits.maxAttributes()
          + " attributes after flattening; send fewer fields or nest them in a string");
    }
    if (materialize) {
      if (d.attributes == null) {
        d.attributes = new LinkedHashMap<>();
      }
      d.attributes.put(key, value);
    }
  }

  /**
   * {@code prefix.name}, made once per pass for each pair seen: the events of one body repeat their
   * field names (ECS's {@code log.level}, {@code host.name} in every document), so the name of a
   * nested field is looked up rather than concatenated again. Bounded: past 64 prefixes or 256
   * names under one, names are concatenated as they come.
   */
  private String dotted(String prefix, String name) {
    java.util.HashMap<String, String> byName = dottedNames.get(prefix);
    if (byName == null) {
      if (dottedNames.size() >= 64) {
        return prefix + "." + name;
      }
      byName = new java.util.HashMap<>();
      dottedNames.put(prefix, byName);
    }
    String key = byName.get(name);
    if (key == null) {
      key = prefix + "." + name;
      if (byName.size() < 256) {
        byName.put(name, key);
      }
    }
    return key;
  }

  private void flattenObject(JsonParser p, EventDraft d, String prefix, int depth) throws IOException {
    if (depth > limits.maxNesting()) {
      tooDeep(d, prefix);
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String key = prefix.isEmpty() ? name : dotted(prefix, name);
      JsonToken v = p.nextToken();
      String alias = aliases == null ? null : aliases.get(key);
      if (alias != null && v.isScalarValue()) {
        readField(p, d, alias, v);
      } else {
        putAttribute(p, d, key, v, depth);
      }
    }
  }

  /** A fraction as a double, or as its text when a double cannot hold it. */
  private static Object fraction(JsonParser p) throws IOException {
    double x = p.getDoubleValue();
    if (Double.isInfinite(x) || (x == 0 && !isZero(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()))) {
      return p.getText();
    }
    return x;
  }

  /** True when a number's text has no non-zero digit before its exponent. */
  private static boolean isZero(char[] c, int off, int len) {
    for (int i = off; i < off + len; i++) {
      char ch = c[i];
      if (ch == 'e' || ch == 'E') {
        break;
      }
      if (ch >= '1' && ch <= '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the array the parser is on to its end, judging its depth and its strings and names, and
   * returns its compact JSON text (numbers as written) when materializing, else null.
   */
  private Object arrayText(JsonParser p, EventDraft d, String key, int depth) throws IOException {
    StringWriter out = materialize ? new StringWriter() : null;
    JsonGenerator g = materialize ? Json.factory().createGenerator(out) : null;
    int level = 0;
    int deepest = 0;
    JsonToken t = p.currentToken();
    do {
      switch (t) {
        case START_ARRAY:
        case START_OBJECT:
          deepest = Math.max(deepest, ++level);
          if (g != null) {
            if (t == JsonToken.START_ARRAY) {
              g.writeStartArray();
            } else {
              g.writeStartObject();
            }
          }
          break;
        case END_ARRAY:
        case END_OBJECT:
          level--;
          if (g != null) {
            if (t == JsonToken.END_ARRAY) {
              g.writeEndArray();
            } else {
              g.writeEndObject();
            }
          }
          break;
        case FIELD_NAME: {
          String name = p.currentName();
          if (checkText) {
            checkNameText(d, name, key);
          }
          if (g != null) {
            g.writeFieldName(name);
          }
          break;
        }
        case VALUE_STRING:
          if (checkText || g != null) {
            char[] c = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            if (checkText) {
              checkText(d, c, off, len, key);
            }
            if (g != null) {
              g.writeString(c, off, len);
            }
          }
          break;
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          if (g != null) {
            g.writeNumber(p.getText());
          }
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          if (g != null) {
            g.writeBoolean(t == JsonToken.VALUE_TRUE);
          }
          break;
        case VALUE_NULL:
          if (g != null) {
            g.writeNull();
          }
          break;
        default:
          break;
      }
    } while (level > 0 && (t = p.nextToken()) != null);
    if (deepest + depth > limits.maxNesting()) {
      tooDeep(d, key);
    }
    if (g == null) {
      return null;
    }
    g.close();
    return out.toString();
  }

  private void tooDeep(EventDraft d, String key) {
    d.error(Reasons.TOO_DEEPLY_NESTED, "attribute '" + abbreviate(key) + "' is nested deeper than "
        + limits.maxNesting() + " levels; flatten it");
  }

  private void checkName(EventDraft d, String key) {
    if (checkText) {
      checkNameText(d, key, null);
    }
    if (key.isEmpty() || key.length() > limits.maxNameLength()) {
      d.error(Reasons.FIELD_TOO_LONG, "attribute names must be 1-" + limits.maxNameLength()
          + " characters; '" + abbreviate(key) + "' is " + key.length());
    }
  }

  // ---- text ----------------------------------------------------------------------------------

  /** A string value of {@code field} (a field or attribute name) that holds a lone surrogate is invalid_utf8. */
  private static void checkText(EventDraft d, char[] c, int off, int len, String field) {
    int at = loneSurrogate(c, off, len);
    if (at >= 0) {
      d.error(Reasons.INVALID_UTF8, "the value of '" + abbreviate(field) + "' " + loneSurrogateAt(c[off + at], at));
    }
  }

  /** An attribute name ({@code within} null) or a name inside the array of {@code within}. */
  private static void checkNameText(EventDraft d, String name, String within) {
    int at = loneSurrogate(name);
    if (at >= 0) {
      d.error(Reasons.INVALID_UTF8, (within == null ? "the attribute name '" + abbreviate(name) + "' "
          : "a name inside '" + abbreviate(within) + "' ") + loneSurrogateAt(name.charAt(at), at));
    }
  }

  private static String loneSurrogateAt(char ch, int at) {
    return "holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(ch).toUpperCase(java.util.Locale.ROOT)
        + " at character " + at + "), which is not text: send valid UTF-8, with the surrogate paired or dropped";
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1. */
  static int loneSurrogate(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
        if (ch <= Character.MAX_HIGH_SURROGATE && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  /** The index of the first unpaired surrogate in {@code c[off, off+len)}, or -1. */
  static int loneSurrogate(char[] c, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      char ch = c[i];
      if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
        if (ch <= Character.MAX_HIGH_SURROGATE && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
          i++;
          continue;
        }
        return i - off;
      }
    }
    return -1;
  }

  static String describe(JsonToken t) {
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

  /**
   * {@code s} for a message: at most 40 characters (a surrogate pair is not cut) and with any
   * lone surrogate replaced by U+FFFD, so that the message itself is always valid text.
   */
  static String abbreviate(String s) {
    int end = s.length() <= 40 ? s.length() : Character.isHighSurrogate(s.charAt(39)) ? 39 : 40;
    StringBuilder b = new StringBuilder(end + 1);
    for (int i = 0; i < end; i++) {
      char ch = s.charAt(i);
      boolean paired = Character.isHighSurrogate(ch) ? i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))
          : Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      b.append(Character.isSurrogate(ch) && !paired ? '\uFFFD' : ch);
    }
    return end < s.length() ? b.append('…').toString() : b.toString();
  }
}
