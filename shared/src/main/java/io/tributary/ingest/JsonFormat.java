package io.tributary.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.tributary.frame.PayloadLayout;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.List;

/**
 * {@code application/json} on {@code /api/logs/ingest}: an array of event objects, or
 * {@code {"events":[…]}} (fields after the array ignored, a second {@code "events"} refused), one
 * item per element; a body whose first value is an object that does not start with an
 * {@code "events"} array is read as NDJSON (objects one per line). A broken array is refused as a
 * whole, since its items cannot be told apart. Wire ids: {@code JSON_BODY} (2) and
 * {@code JSON_ITEMS} (3), shared with {@link NdjsonFormat}.
 */
final class JsonFormat implements IngestFormat {

  static final JsonFormat INSTANCE = new JsonFormat();

  private JsonFormat() {
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return PayloadLayout.JSON_BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return PayloadLayout.JSON_ITEMS;
  }

  @Override
  public String route() {
    return IngestFormats.INGEST_ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/json");
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    NdjsonFormat.INSTANCE.readItem(b, from, to, r);
  }

  @Override
  public void read(byte[] b, BodyReading r) throws BodyRefusal {
    int i = Lines.bomLength(b);
    while (i < b.length && Lines.isSpace(b[i])) {
      i++;
    }
    if (i == b.length) {
      return;
    }
    if (b[i] == '{' && !isEventsWrapper(b, i)) {
      NdjsonFormat.INSTANCE.read(b, r);
      return;
    }
    if (b[i] != '[' && b[i] != '{') {
      throw new BodyRefusal(Problem.of(400, Reasons.MALFORMED_JSON,
          "a JSON body must be an array of events, {\"events\":[...]}, or one object per line"));
    }
    // A replay judges nothing, so it checks no text; ingest skips the checks where none can fail.
    JsonObjects.reader(r).checkText(r.judging() && !Utf8.isPlainJson(b, i, b.length));
    try (JsonParser p = Json.factory().createParser(b, i, b.length - i)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        p.nextToken(); // "events"
        p.nextToken(); // [
      }
      readArray(p, i, r);
      JsonToken t = p.nextToken();
      while (t == JsonToken.FIELD_NAME) {
        if (r.judging() && "events".equals(p.currentName())) {
          throw new JsonObjects.JsonBodyException("the body has a second \"events\" field; put all events in one array");
        }
        p.nextToken();
        p.skipChildren();
        t = p.nextToken();
      }
      if (t == JsonToken.END_OBJECT) {
        t = p.nextToken();
      }
      if (t != null) {
        throw new JsonObjects.JsonBodyException("unexpected " + EventObjectReader.describe(t) + " after the events");
      }
    } catch (StreamConstraintsException e) {
      throw new BodyRefusal(Problem.of(400, Reasons.JSON_TOO_DEEP,
          "the JSON is nested deeper than " + Json.MAX_PARSER_DEPTH + " levels or breaks a size limit ("
              + BodyReading.printable(e.getOriginalMessage()) + "); flatten it"));
    } catch (JsonProcessingException e) {
      throw new BodyRefusal(Problem.of(400, JsonObjects.jsonErrorCode(e),
          "the body is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ": " + BodyReading.printable(e.getOriginalMessage())
              + "; no event of this request was accepted"));
    } catch (JsonObjects.JsonBodyException e) {
      throw new BodyRefusal(Problem.of(400, Reasons.MALFORMED_JSON, e.getMessage()));
    } catch (IOException e) {
      throw new BodyRefusal(Problem.of(400, Reasons.MALFORMED_JSON,
          "the body cannot be read: " + BodyReading.printable(e.getMessage())));
    }
  }

  /** Reads array elements; leaves the parser on the END_ARRAY. */
  private static void readArray(JsonParser p, int base, BodyReading r) throws IOException, BodyRefusal {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new JsonObjects.JsonBodyException("expected an array of events");
    }
    EventObjectReader reader = JsonObjects.reader(r);
    int maxEventBytes = r.limits().maxEventBytes();
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new JsonObjects.JsonBodyException("the array of events is not closed");
      }
      long startByte = p.currentTokenLocation().getByteOffset();
      if (!r.begin(index)) {
        p.skipChildren();
        index++;
        continue;
      }
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        r.reject(index++, Reasons.NOT_AN_OBJECT, "each event must be a JSON object, found "
            + EventObjectReader.describe(t));
        continue;
      }
      EventDraft d = reader.read(p);
      long endByte = p.currentLocation().getByteOffset();
      long size = endByte - startByte;
      if (size > maxEventBytes) {
        r.reject(index++, Reasons.EVENT_TOO_LARGE, "the event is " + size + " bytes; the limit is "
            + maxEventBytes + " bytes per event");
        continue;
      }
      JsonObjects.finish(d, index++, base + (int) startByte, base + (int) endByte, r);
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
}
