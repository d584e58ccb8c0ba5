package io.tributary.ingest;

import io.tributary.event.EventIds;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * What the JSON formats share: reading one event object on its own (an NDJSON line, an element
 * of a JSON array, an item of a {@code JSON_ITEMS} frame) through the pass's
 * {@link EventObjectReader}, and turning its draft into a verdict and an event.
 */
final class JsonObjects {

  private JsonObjects() {
  }

  /** The pass's object reader, made at its first object. */
  static EventObjectReader reader(BodyReading r) {
    Object s = r.formatState();
    if (s instanceof EventObjectReader reader) {
      return reader;
    }
    EventObjectReader reader = new EventObjectReader(r.limits(), r.materialize());
    r.formatState(reader);
    return reader;
  }

  /**
   * The lines of one NDJSON body read through one parser over the whole body, as long as each line
   * holds exactly one object: making and closing a parser per line cost about a quarter of reading
   * the line's tokens (docs/benchmarks.md, issue 19). Every line the shared parser cannot take
   * cleanly (an error of JSON or of a parser limit, a value that is not an object, an object that
   * runs past its line or is followed on it by anything but spaces, a line too long to read) is read
   * again on its own by {@link #object}, so it gets the same verdict, message and column as before,
   * and the next line starts a new shared parser; so does a line after lines the parser did not read
   * (passed over by a replay, taken by the judge). A rule an object breaks is no error of the parser: its draft is the
   * same either way.
   */
  static final class BodyLines implements Lines.Reader, AutoCloseable {
    private JsonParser shared;
    /** Where {@link #shared} starts in the body (its byte offsets count from here). */
    private int base;
    /** Where {@link #shared} stands in the body: the start of its first line, then the end of the last object it read. */
    private int at;
    private int parsers;
    private int sharedLines;
    /** Judges plain lines when only judging; made at the first such line. */
    private PlainObjectJudge judge;
    private int plainLines;

    /**
     * Reads an NDJSON body. While only judging (ingest), each line goes first to the
     * {@link PlainObjectJudge}, which finds the line's end in the same pass as its verdict; a line
     * it is not sure of is scanned and read as {@link Lines#read} reads it. Otherwise
     * {@link Lines#read} itself.
     */
    void read(byte[] b, BodyReading r) throws BodyRefusal {
      if (!r.judging() || r.materialize()) {
        Lines.read(b, r, this);
        return;
      }
      if (judge == null) {
        judge = new PlainObjectJudge(r.limits());
      }
      int maxEventBytes = r.limits().maxEventBytes();
      int start = Lines.bomLength(b);
      for (int line = 0; start < b.length; line++) {
        int stop = judge.line(b, start, b.length);
        int lineEnd = stop >= 0 ? Lines.withoutCr(b, start, stop) : -1;
        if (stop >= 0 && lineEnd - start <= maxEventBytes) {
          r.begin(line); // judging: true, or the body is refused for too many events
          plainLines++;
          EventDraft d = new EventDraft();
          d.messageLength = 1;
          d.timeNanos = judge.timeNanos();
          finish(d, line, start, lineEnd, r);
        } else {
          stop = Lines.readOne(b, start, line, r, this);
        }
        start = stop + 1;
      }
    }

    @Override
    public void line(byte[] b, int from, int to, int index, int flags, BodyReading r) {
      EventObjectReader reader = reader(r);
      // Text checks only where the line's flags say one can fail.
      reader.checkText(r.judging() && (flags & (Utf8.NOT_ASCII | Utf8.SURROGATE_ESCAPE)) != 0);
      EventDraft d = to - from <= r.limits().maxEventBytes() ? readShared(b, from, to, reader) : null;
      if (d == null) {
        drop();
        object(b, from, to, index, r, reader);
        return;
      }
      sharedLines++;
      finish(d, index, from, to, r);
    }

    /**
     * The line's object read through the shared parser (made here when there is none), or null when
     * that parser cannot take it: then the caller reads the line on its own.
     */
    private EventDraft readShared(byte[] b, int from, int to, EventObjectReader reader) {
      try {
        if (shared != null && (at > from || !Lines.isBlank(b, at, from))) {
          // Not blank up to this line (a line a replay passed over, lines the judge took): the shared
          // parser would read that first, so a new one starts at this line.
          drop();
        }
        if (shared == null) {
          shared = Json.factory().createParser(b, from, b.length - from);
          base = from;
          at = from;
          parsers++;
        }
        // Only blanks lie before the line, so the object starts in it, if it is one.
        if (shared.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        EventDraft d = reader.read(shared, b, base);
        at = base + (int) shared.currentLocation().getByteOffset();
        return at <= to && Lines.isBlank(b, at, to) ? d : null;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /** Shared parsers made so far (for the tests). */
    int parsers() {
      return parsers;
    }

    /** Lines the {@link PlainObjectJudge} accepted so far (for the tests). */
    int plainLines() {
      return plainLines;
    }

    /** Lines read through a shared parser so far (for the tests). */
    int sharedLines() {
      return sharedLines;
    }

    private void drop() {
      if (shared != null) {
        try {
          shared.close();
        } catch (IOException e) {
          // a parser over a byte array holds nothing to release but its buffers
        }
        shared = null;
      }
    }

    @Override
    public void close() {
      drop();
    }
  }

  /** One JSON object on its own (an NDJSON line or an item of an ITEMS frame). */
  static void object(byte[] b, int from, int to, int index, BodyReading r) {
    object(b, from, to, index, r, reader(r));
  }

  /** One JSON object on its own, read by {@code reader}. */
  static void object(byte[] b, int from, int to, int index, BodyReading r, EventObjectReader reader) {
    object(b, from, to, index, r, reader, null);
  }

  /**
   * One JSON object on its own, read by {@code reader}; {@code id}, when not null, is its event id
   * whatever the object says (Elasticsearch bulk's {@code _id}), checked as a client id.
   */
  static void object(byte[] b, int from, int to, int index, BodyReading r, EventObjectReader reader, String id) {
    int len = to - from;
    IngestLimits limits = r.limits();
    if (len > limits.maxEventBytes()) {
      r.reject(index, Reasons.EVENT_TOO_LARGE, "the line is " + len + " bytes; the limit is "
          + limits.maxEventBytes() + " bytes per event");
      return;
    }
    try (JsonParser p = Json.factory().createParser(b, from, len)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        r.reject(index, Reasons.NOT_AN_OBJECT, "each line must be one JSON object, found "
            + EventObjectReader.describe(t));
        return;
      }
      EventDraft d = reader.read(p);
      if (id != null) {
        if (!EventIds.isValidClientId(id) || EventIds.hasServerForm(id)) {
          d.error(Reasons.INVALID_ID, "_id '" + (id.length() > 64 ? id.substring(0, 64) + "…" : id) + "' is not"
              + " taken as an event id: use 1-" + EventIds.MAX_CLIENT_ID_LENGTH + " letters, digits and - _ . : /, not"
              + " in the form of the server's ids (26 upper-case letters and digits); or omit _id");
        } else {
          d.id = id;
        }
      }
      if (p.nextToken() != null) {
        r.reject(index, Reasons.MALFORMED_JSON, "the line holds more than one JSON value; put one object per line");
        return;
      }
      finish(d, index, from, to, r);
    } catch (StreamConstraintsException e) {
      r.reject(index, Reasons.JSON_TOO_DEEP, "the object is nested deeper than " + Json.MAX_PARSER_DEPTH
          + " levels or breaks a size limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      r.reject(index, jsonErrorCode(e), "the line is not valid JSON: " + e.getOriginalMessage()
          + " (column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      r.reject(index, Reasons.MALFORMED_JSON, "the line cannot be read: " + e.getMessage());
    }
  }

  /**
   * At ingest: rejects the item for the first rule it broke, or for having no message or a time
   * too far ahead. A replay builds the event in any case.
   */
  static void finish(EventDraft d, int index, int start, int end, BodyReading r) {
    if (r.judging()) {
      if (d.errorCode != null) {
        r.reject(index, d.errorCode, d.errorMessage);
        return;
      }
      if (d.messageLength <= 0) {
        r.reject(index, Reasons.MISSING_MESSAGE,
            "the event has no message: put the log text in \"message\" (or msg, log, body)");
        return;
      }
      long maxFuture = r.limits().maxFutureNanos();
      if (d.timeNanos != LogEvent.UNSET_TIME && d.timeNanos > r.nowNanos() + maxFuture) {
        r.reject(index, Reasons.TIMESTAMP_IN_FUTURE, "the timestamp " + Timestamps.format(d.timeNanos)
            + " is more than " + (maxFuture / 3_600_000_000_000L)
            + " h ahead of the server clock; check the sender's clock and time zone");
        return;
      }
    }
    if (!r.materialize()) {
      r.accept(null, start, end);
      return;
    }
    EventDefaults defaults = r.defaults();
    Severity severity = d.numberSeverity != null ? d.numberSeverity
        : d.levelSeverity != null ? d.levelSeverity : defaults.severity();
    r.accept(new LogEvent(
        d.id != null ? d.id : r.nextId(),
        r.tenant(), EventKind.STRUCTURED, d.timeNanos, r.nowNanos(),
        severity, d.levelText != null ? d.levelText : d.numberText,
        d.service != null && !d.service.isEmpty() ? d.service : defaults.service(),
        d.host != null && !d.host.isEmpty() ? d.host : defaults.host(),
        d.message != null ? d.message : "",
        d.attributes == null ? Map.of() : d.attributes,
        d.traceId, d.spanId, null, null), start, end);
  }

  /** invalid_utf8 for bytes that are not UTF-8 and for a broken surrogate pair the parser itself finds. */
  static String jsonErrorCode(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return m != null && (m.contains("UTF-8") || m.contains("surrogate")) ? Reasons.INVALID_UTF8 : Reasons.MALFORMED_JSON;
  }

  /** A JSON body or object whose structure is not what ingest reads. */
  static final class JsonBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    JsonBodyException(String message) {
      super(message);
    }
  }
}
