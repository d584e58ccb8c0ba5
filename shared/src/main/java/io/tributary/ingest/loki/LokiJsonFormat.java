package io.tributary.ingest.loki;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.FrameItems;
import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.Reasons;
import io.tributary.ingest.Rejection;
import io.tributary.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's push API in JSON ({@code POST /api/compat/loki/api/v1/push}, {@code application/json},
 * optionally gzip): {@code {"streams":[{"stream":{"app":"web",…},"values":[["<ns since the epoch,
 * as a string>","<line>",{<structured metadata>}],…]},…]}}. One item per value, in order across
 * streams; what an entry means is {@link LokiMapping}'s.
 *
 * <p>A body that is not JSON or not that shape is refused whole ({@code malformed_json}): its
 * entries cannot be told apart. A value that is not {@code [time, line]} or
 * {@code [time, line, {…}]}, with the time a string of digits, is rejected alone
 * ({@code invalid_field_type}, {@code invalid_timestamp}), and each entry of a stream whose label
 * values are not strings ({@code invalid_labels}).
 *
 * <p>Wire ids 12 (body) and 13 (items: each accepted entry as a request of one stream, its
 * {@code stream} object and that value as sent).
 */
public final class LokiJsonFormat implements IngestFormat {

  public static final LokiJsonFormat INSTANCE = new LokiJsonFormat();

  /** The route of Loki's push API, under {@code /api/} (a Loki client's base URL is {@code …/api/compat}). */
  public static final String ROUTE = "compat/loki/api/v1/push";

  // Wire ids: written into frames, never change or reuse one.
  private static final PayloadLayout BODY = PayloadLayout.of(12, "LOKI_JSON_BODY");
  private static final PayloadLayout ITEMS = PayloadLayout.of(13, "LOKI_JSON_ITEMS");

  private static final byte[] ITEM_HEAD = "{\"streams\":[{\"stream\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ITEM_MIDDLE = ",\"values\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ITEM_TAIL = "]}]}".getBytes(StandardCharsets.US_ASCII);

  private LokiJsonFormat() {
  }

  @Override
  public String name() {
    return "loki-json";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return ITEMS;
  }

  @Override
  public String route() {
    return ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/json");
  }

  /** One entry found in a request, with its stream's labels. */
  @FunctionalInterface
  private interface Visitor {
    void entry(int index, int start, int end, StreamLabels labels, int[] labelsRange, LokiEntry e)
        throws BodyRefusal;
  }

  @Override
  public void read(byte[] body, BodyReading r) throws BodyRefusal {
    walk(body, (index, start, end, labels, lr, e) -> {
      if (r.begin(index)) {
        LokiMapping.entry(r, index, start, end, labels, e);
      }
    });
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    byte[] item = java.util.Arrays.copyOfRange(b, from, to);
    try {
      walk(item, (index, start, end, labels, lr, e) -> LokiMapping.entry(r, 0, start, end, labels, e));
    } catch (BodyRefusal e) {
      r.reject(0, e.problem().code(), e.getMessage());
    }
  }

  @Override
  public FrameItems items(byte[] body, BodyReading judged) {
    List<Rejection> rejected = judged.rejections();
    List<byte[]> items = new ArrayList<>(judged.accepted());
    int[] at = {0};
    try {
      walk(body, (index, start, end, labels, lr, e) -> {
        while (at[0] < rejected.size() && rejected.get(at[0]).index() < index) {
          at[0]++;
        }
        if (at[0] < rejected.size() && rejected.get(at[0]).index() == index) {
          return;
        }
        ByteWriter w = new ByteWriter(end - start + 64);
        w.writeBytes(ITEM_HEAD, 0, ITEM_HEAD.length);
        if (lr == null) {
          w.writeBytes(new byte[] {'{', '}'}, 0, 2);
        } else {
          w.writeBytes(body, lr[0], lr[1] - lr[0]);
        }
        w.writeBytes(ITEM_MIDDLE, 0, ITEM_MIDDLE.length);
        w.writeBytes(body, start, end - start);
        w.writeBytes(ITEM_TAIL, 0, ITEM_TAIL.length);
        items.add(w.toByteArray());
      });
    } catch (BodyRefusal e) {
      throw new IllegalStateException("a body judged readable does not read again", e);
    }
    return FrameItems.of(items);
  }

  private static void walk(byte[] b, Visitor v) throws BodyRefusal {
    try (JsonParser p = Json.factory().createParser(b)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw shape("the body is not a JSON object");
      }
      int[] index = {0};
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (!name.equals("streams")) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw shape("\"streams\" is not an array");
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.START_OBJECT) {
            throw shape("an element of \"streams\" is not an object");
          }
          stream(p, b, index, v);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw shape("the body goes on after its object");
      }
    } catch (JsonProcessingException e) {
      throw BodyRefusal.badRequest(e.getOriginalMessage() != null && e.getOriginalMessage().contains("UTF-8")
          ? Reasons.INVALID_UTF8 : Reasons.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage()
          + "; no entry of this request was accepted");
    } catch (IOException e) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "the body does not read: " + e.getMessage());
    }
  }

  /** One stream object, its opening brace read; its entries are reported once its labels are known. */
  private static void stream(JsonParser p, byte[] b, int[] index, Visitor v) throws IOException, BodyRefusal {
    StreamLabels labels = StreamLabels.NONE;
    int[] labelsRange = null;
    List<LokiEntry> entries = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("stream") && t == JsonToken.START_OBJECT) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        labels = labels(p);
        labelsRange = new int[] {start, (int) p.currentTokenLocation().getByteOffset() + 1};
      } else if (name.equals("values") && t == JsonToken.START_ARRAY) {
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          LokiEntry e = new LokiEntry();
          if (t == JsonToken.START_ARRAY) {
            value(p, e);
          } else {
            p.skipChildren();
            e.error(Reasons.INVALID_FIELD_TYPE, "an entry of \"values\" is not [\"<ns>\", \"<line>\"]");
          }
          entries.add(e);
          ranges.add(new int[] {start, (int) p.currentTokenLocation().getByteOffset() + 1});
        }
      } else if (name.equals("stream") || name.equals("values")) {
        throw shape("\"" + name + "\" is not an " + (name.equals("stream") ? "object" : "array"));
      } else {
        p.skipChildren();
      }
    }
    for (int i = 0; i < entries.size(); i++) {
      int[] range = ranges.get(i);
      v.entry(index[0]++, range[0], range[1], labels, labelsRange, entries.get(i));
    }
  }

  private static StreamLabels labels(JsonParser p) throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    String error = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (t == JsonToken.VALUE_STRING) {
        labels.put(name, p.getText());
      } else {
        p.skipChildren();
        if (error == null) {
          error = "label " + name + " is not a string: Loki's label values are strings";
        }
      }
      if (error == null && !validName(name)) {
        error = "label name '" + name + "' is not [a-zA-Z_][a-zA-Z0-9_]*";
      }
    }
    return error != null ? StreamLabels.bad(error) : new StreamLabels(java.util.Collections.unmodifiableMap(labels),
        null);
  }

  private static boolean validName(String n) {
    if (n.isEmpty() || Character.isDigit(n.charAt(0))) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!(c < 128 && Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** {@code ["<ns>", "<line>"]} or with structured metadata {@code {…}} third; the array's start read. */
  private static void value(JsonParser p, LokiEntry e) throws IOException {
    int i = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      switch (i++) {
        case 0:
          time(p, t, e);
          break;
        case 1:
          if (t == JsonToken.VALUE_STRING) {
            e.line = p.getText();
          } else {
            p.skipChildren();
            e.error(Reasons.INVALID_FIELD_TYPE, "the line (an entry's second element) is not a string");
          }
          break;
        case 2:
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              JsonToken m = p.nextToken();
              if (m.isScalarValue() && m != JsonToken.VALUE_NULL) {
                e.metadata.add(new String[] {name, p.getText()});
              } else {
                p.skipChildren();
                e.error(Reasons.INVALID_FIELD_TYPE, "structured metadata '" + name + "' is not a string");
              }
            }
          } else {
            p.skipChildren();
            e.error(Reasons.INVALID_FIELD_TYPE, "an entry's third element (structured metadata) is not an object");
          }
          break;
        default:
          p.skipChildren();
          e.error(Reasons.INVALID_FIELD_TYPE, "an entry has more than three elements: [\"<ns>\", \"<line>\", {…}]");
      }
    }
    if (i < 2) {
      e.error(Reasons.INVALID_FIELD_TYPE, "an entry is [\"<ns since the epoch>\", \"<line>\"]; this one has " + i
          + " element" + (i == 1 ? "" : "s"));
    }
  }

  private static void time(JsonParser p, JsonToken t, LokiEntry e) throws IOException {
    String s = t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT ? p.getText() : null;
    if (s == null) {
      p.skipChildren();
    }
    boolean digits = s != null && !s.isEmpty() && s.length() <= 19;
    for (int k = 0; digits && k < s.length(); k++) {
      digits = s.charAt(k) >= '0' && s.charAt(k) <= '9';
    }
    if (!digits) {
      e.error(Reasons.INVALID_TIMESTAMP, "the timestamp " + (s == null ? "(not a string)" : "'" + s + "'")
          + " is not nanoseconds since 1970 written as a string of digits");
      return;
    }
    long ns = Long.parseLong(s);
    e.timeNanos = ns == 0 ? io.tributary.event.LogEvent.UNSET_TIME : ns;
  }

  private static BodyRefusal shape(String what) {
    return BodyRefusal.badRequest(Reasons.MALFORMED_JSON, what + ": a Loki push is {\"streams\":[{\"stream\":{…},"
        + "\"values\":[[\"<ns>\",\"<line>\"],…]}]}; no entry of this request was accepted");
  }
}
