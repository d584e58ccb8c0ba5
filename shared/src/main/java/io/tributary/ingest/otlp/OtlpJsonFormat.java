package io.tributary.ingest.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.frame.FrameItems;
import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.Reasons;
import io.tributary.ingest.Rejection;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OTLP/HTTP logs in JSON ({@code application/json}) on {@code POST /api/compat/otlp/v1/logs}: an
 * {@code ExportLogsServiceRequest} in OTLP's JSON encoding (lowerCamelCase names; 64-bit integers
 * as numbers or decimal strings; {@code traceId}/{@code spanId} as hex; enums as integers; bytes
 * as base64; unknown fields ignored), one item per {@code logRecords} element. What a record
 * means is {@link OtlpMapping}'s, as for protobuf.
 *
 * <p>The body is read as a tree (OTLP/JSON is the rarer encoding, and a resource may follow its
 * records in a JSON object). JSON that does not parse, or whose envelope is not the request's
 * shape, is refused whole ({@code malformed_json}); a record with a value of the wrong type is
 * rejected alone. The bytes/s limit counts the body's bytes shared evenly among its records.
 *
 * <p>Wire ids 8 (body) and 9 (items: each accepted record as a request of one resource, one scope
 * and that record, written compactly).
 */
public final class OtlpJsonFormat implements IngestFormat {

  public static final OtlpJsonFormat INSTANCE = new OtlpJsonFormat();

  // Wire ids: written into frames, never change or reuse one.
  private static final PayloadLayout BODY = PayloadLayout.of(8, "OTLP_JSON_BODY");
  private static final PayloadLayout ITEMS = PayloadLayout.of(9, "OTLP_JSON_ITEMS");

  private OtlpJsonFormat() {
  }

  @Override
  public String name() {
    return "otlp-json";
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
    return OtlpProtobufFormat.ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/json");
  }

  /** One record found in a body, with its resource and scope. */
  @FunctionalInterface
  private interface Visitor {
    void record(int index, JsonNode record, JsonNode resource, JsonNode scope) throws BodyRefusal;
  }

  @Override
  public void read(byte[] body, BodyReading r) throws BodyRefusal {
    JsonNode root = parse(body);
    int[] total = {0};
    walk(root, (index, rec, resource, scope) -> total[0]++);
    int share = total[0] == 0 ? 0 : body.length / total[0];
    OtlpScope[] last = new OtlpScope[2];
    JsonNode[] lastNodes = new JsonNode[2];
    walk(root, (index, rec, resource, scope) -> {
      if (!r.begin(index)) {
        return;
      }
      if (lastNodes[0] != resource || last[0] == null) {
        lastNodes[0] = resource;
        last[0] = scope(resource, false);
      }
      if (lastNodes[1] != scope || last[1] == null) {
        lastNodes[1] = scope;
        last[1] = scope(scope, true);
      }
      OtlpMapping.record(r, index, index * share, (index + 1) * share, last[0], last[1], record(rec));
    });
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    try {
      JsonNode root = parse(java.util.Arrays.copyOfRange(b, from, to));
      walk(root, (index, rec, resource, scope) ->
          OtlpMapping.record(r, 0, from, to, scope(resource, false), scope(scope, true), record(rec)));
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
      walk(parse(body), (index, rec, resource, scope) -> {
        while (at[0] < rejected.size() && rejected.get(at[0]).index() < index) {
          at[0]++;
        }
        if (at[0] < rejected.size() && rejected.get(at[0]).index() == index) {
          return;
        }
        ObjectNode sl = JsonNodeFactory.instance.objectNode();
        if (scope != null) {
          sl.set("scope", scope);
        }
        sl.putArray("logRecords").add(rec);
        ObjectNode rl = JsonNodeFactory.instance.objectNode();
        if (resource != null) {
          rl.set("resource", resource);
        }
        rl.putArray("scopeLogs").add(sl);
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.putArray("resourceLogs").add(rl);
        items.add(Json.bytes(req));
      });
    } catch (BodyRefusal e) {
      throw new IllegalStateException("a body judged readable does not read again", e);
    }
    return FrameItems.of(items);
  }

  private static JsonNode parse(byte[] body) throws BodyRefusal {
    try {
      JsonNode root = Json.mapper().readTree(body);
      if (root == null || !root.isObject()) {
        throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON,
            "an OTLP/JSON body is one ExportLogsServiceRequest object: {\"resourceLogs\":[...]}");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "the body is not valid JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
          + e.getOriginalMessage().replaceAll("[\\uD800-\\uDFFF]", "\uFFFD") + "; no record of this request was accepted");
    } catch (IOException e) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "the body cannot be read: " + e.getMessage());
    }
  }

  private static void walk(JsonNode root, Visitor v) throws BodyRefusal {
    int index = 0;
    for (JsonNode rl : array(root, "resourceLogs")) {
      JsonNode resource = object(rl, "resource");
      for (JsonNode sl : array(rl, "scopeLogs")) {
        JsonNode scope = object(sl, "scope");
        for (JsonNode rec : array(sl, "logRecords")) {
          if (!rec.isObject()) {
            throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "logRecords holds " + rec.getNodeType()
                + "; each log record is an object");
          }
          v.record(index++, rec, resource, scope);
        }
      }
    }
  }

  private static Iterable<JsonNode> array(JsonNode parent, String field) throws BodyRefusal {
    JsonNode a = parent.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "\"" + field + "\" must be an array, not "
          + a.getNodeType());
    }
    for (JsonNode e : a) {
      if (!e.isObject()) {
        throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "\"" + field + "\" holds " + e.getNodeType()
            + "; its elements are objects");
      }
    }
    return a;
  }

  private static JsonNode object(JsonNode parent, String field) throws BodyRefusal {
    JsonNode o = parent.get(field);
    if (o == null || o.isNull()) {
      return null;
    }
    if (!o.isObject()) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_JSON, "\"" + field + "\" must be an object, not "
          + o.getNodeType());
    }
    return o;
  }

  /** A resource or scope; one with values of the wrong type rejects each of its records. */
  private static OtlpScope scope(JsonNode node, boolean isScope) {
    if (node == null) {
      return OtlpScope.NONE;
    }
    try {
      List<AnyValues.KeyValue> attributes = attributes(node.get("attributes"), 0);
      String name = isScope ? string(node.get("name"), "scope.name") : null;
      String version = isScope ? string(node.get("version"), "scope.version") : null;
      return new OtlpScope(attributes, name, version, null, null);
    } catch (ValueException e) {
      return new OtlpScope(List.of(), null, null, Reasons.INVALID_FIELD_TYPE, "the record's "
          + (isScope ? "scope" : "resource") + ": " + e.getMessage());
    }
  }

  private static OtlpRecord record(JsonNode n) {
    OtlpRecord rec = new OtlpRecord();
    try {
      rec.timeUnixNano = nanos(n.get("timeUnixNano"), rec);
      rec.observedTimeUnixNano = nanos(n.get("observedTimeUnixNano"), rec);
      JsonNode sev = n.get("severityNumber");
      if (sev != null && !sev.isNull()) {
        if (!sev.isIntegralNumber() || !sev.canConvertToLong()) {
          throw new ValueException("severityNumber must be an integer (1-24), found " + sev);
        }
        rec.severityNumber = sev.longValue();
      }
      rec.severityText = string(n.get("severityText"), "severityText");
      rec.body = anyValue(n.get("body"), 0);
      rec.attributes.addAll(attributes(n.get("attributes"), 0));
      rec.traceId = hexId(n.get("traceId"), 16, "traceId", rec);
      rec.spanId = hexId(n.get("spanId"), 8, "spanId", rec);
      rec.eventName = string(n.get("eventName"), "eventName");
    } catch (ValueException e) {
      rec.error(Reasons.INVALID_FIELD_TYPE, e.getMessage());
    }
    return rec;
  }

  /** An unsigned 64-bit count of nanoseconds, as a number or decimal text; 0 when absent. */
  private static long nanos(JsonNode n, OtlpRecord rec) {
    if (n == null || n.isNull()) {
      return 0;
    }
    String text = n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.isTextual() ? n.textValue() : null;
    try {
      if (text == null || text.isEmpty() || text.startsWith("+") || text.startsWith("-")) {
        throw new NumberFormatException();
      }
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      if (rec.badTime == null) {
        rec.badTime = n.toString().length() > 40 ? n.toString().substring(0, 40) + "…" : n.toString();
      }
      return 0;
    }
  }

  private static String hexId(JsonNode n, int size, String field, OtlpRecord rec) throws ValueException {
    String s = string(n, field);
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.length() != 2 * size || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      rec.error(Reasons.INVALID_TRACE_ID, field + " must be " + 2 * size + " hex digits, found '"
          + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
      return null;
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    return lower.chars().allMatch(c -> c == '0') ? null : lower;
  }

  private static String string(JsonNode n, String field) throws ValueException {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new ValueException(field + " must be a string, found " + n.getNodeType());
    }
    return n.textValue();
  }

  private static List<AnyValues.KeyValue> attributes(JsonNode n, int depth) throws ValueException {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new ValueException("attributes must be an array of {key, value}, found " + n.getNodeType());
    }
    List<AnyValues.KeyValue> out = new ArrayList<>(n.size());
    for (JsonNode kv : n) {
      if (!kv.isObject()) {
        throw new ValueException("an attribute must be {key, value}, found " + kv.getNodeType());
      }
      String key = string(kv.get("key"), "key");
      out.add(new AnyValues.KeyValue(key == null ? "" : key, anyValue(kv.get("value"), depth)));
    }
    return out;
  }

  private static Object anyValue(JsonNode n, int depth) throws ValueException {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new ValueException("a value must be an AnyValue object ({\"stringValue\":…}), found " + n.getNodeType());
    }
    if (depth > 64) {
      throw new ValueException("values nest deeper than 64 levels");
    }
    Object value = null;
    var fields = n.fields();
    while (fields.hasNext()) {
      var f = fields.next();
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      switch (f.getKey()) {
        case "stringValue":
          value = string(v, "stringValue");
          break;
        case "boolValue":
          if (!v.isBoolean()) {
            throw new ValueException("boolValue must be true or false, found " + v);
          }
          value = v.booleanValue();
          break;
        case "intValue":
          value = integer(v);
          break;
        case "doubleValue":
          value = real(v);
          break;
        case "bytesValue":
          try {
            value = new AnyValues.Bytes(Base64.getDecoder().decode(string(v, "bytesValue")));
          } catch (IllegalArgumentException e) {
            throw new ValueException("bytesValue must be base64: " + e.getMessage());
          }
          break;
        case "arrayValue": {
          List<Object> values = new ArrayList<>();
          JsonNode a = v.get("values");
          if (a != null && !a.isNull()) {
            if (!a.isArray()) {
              throw new ValueException("arrayValue.values must be an array");
            }
            for (JsonNode e : a) {
              values.add(anyValue(e, depth + 1));
            }
          }
          value = values;
          break;
        }
        case "kvlistValue":
          value = new AnyValues.KvList(attributes(v.get("values"), depth + 1));
          break;
        default:
          break;
      }
    }
    return value;
  }

  private static Long integer(JsonNode v) throws ValueException {
    try {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      if (v.isTextual()) {
        return Long.parseLong(v.textValue());
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new ValueException("intValue must be a 64-bit integer (a number or decimal text), found " + v);
  }

  private static Double real(JsonNode v) throws ValueException {
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.textValue());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new ValueException("doubleValue must be a number, found " + v);
  }

  /** A value of the wrong type inside a record, resource or scope. */
  private static final class ValueException extends Exception {
    private static final long serialVersionUID = 1L;

    ValueException(String message) {
      super(message, null, false, false);
    }
  }
}
