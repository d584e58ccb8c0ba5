package io.tributary.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /logs/query}, read and checked:
 * <pre>
 * {"from","to" (ISO-8601 or epoch) or "last":"15m", "severity":[…] or "minSeverity", "services":[…],
 *  "hosts":[…], "attributes":{"k":"v"}, "q":"query language", "order":"newest"|"oldest",
 *  "limit":1..1000, "cursor", "fields":[…]}
 * </pre>
 * A field that is not one of these, or a value of the wrong shape, is a 400 naming the field. A
 * body over {@link #MAX_BODY_BYTES} is a 400 too, and so is a {@code q} that {@link QueryParser}
 * refuses (with the column and what was expected there).
 *
 * @param query the query; with {@code last}, its time range is still open (see {@link #last})
 * @param cursor the previous page's cursor, or null
 * @param last how far back from the snapshot time the query looks, or null; {@link QueryService}
 *     fixes the range [snapshot − last, ∞) when it runs the query, so pages of one query share it
 * @param fields the event fields to answer with (see {@link EventFields}), or null for all
 */
public record QueryRequest(LogQuery query, String cursor, java.time.Duration last, List<String> fields) {

  public QueryRequest {
    fields = fields == null ? null : List.copyOf(fields);
  }

  /** A request for whole events over the query's own time range. */
  public QueryRequest(LogQuery query, String cursor) {
    this(query, cursor, null, null);
  }


  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  /** The largest query body: a query is a few filters, never a document. */
  public static final int MAX_BODY_BYTES = 64 << 10;
  /** The longest {@code last}. */
  public static final java.time.Duration MAX_LAST = java.time.Duration.ofDays(3660);
  private static final java.util.regex.Pattern LAST = java.util.regex.Pattern.compile("(\\d{1,7})(ms|s|m|h|d|w)");

  public static QueryRequest read(byte[] body) throws QueryException {
    return read(tree(body));
  }

  /**
   * The body as a JSON object: an empty body is {@code {}}; one over {@link #MAX_BODY_BYTES}, not
   * JSON or not an object is a 400. What {@link #read(byte[])} reads, for requests that add fields
   * of their own to a query's (aggregations).
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode tree(byte[] body) throws QueryException {
    if (body != null && body.length > MAX_BODY_BYTES) {
      throw new QueryException(Problem.of(400, QueryReasons.QUERY_TOO_LARGE, "the query body is " + body.length
          + " bytes; it may be at most " + MAX_BODY_BYTES + ": list fewer services, hosts, attributes or words"));
    }
    JsonNode root;
    if (body == null || body.length == 0) {
      root = Json.mapper().createObjectNode();
    } else {
      try {
        root = Json.mapper().readTree(body);
      } catch (JsonProcessingException e) {
        throw new QueryException(Problem.of(400, "malformed_json",
            "the query is not valid JSON: " + e.getOriginalMessage()));
      } catch (IOException e) {
        throw new QueryException(Problem.of(400, "malformed_json", "the query cannot be read: " + e.getMessage()));
      }
    }
    if (root == null || root.isMissingNode()) {
      root = Json.mapper().createObjectNode();
    }
    if (!root.isObject()) {
      throw new QueryException(Problem.of(400, "malformed_json", "the query must be a JSON object"));
    }
    return (com.fasterxml.jackson.databind.node.ObjectNode) root;
  }

  /** The query of a JSON object of query fields (see the class comment). */
  public static QueryRequest read(com.fasterxml.jackson.databind.node.ObjectNode root) throws QueryException {
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    List<String> services = List.of();
    List<String> hosts = List.of();
    Map<String, String> attributes = Map.of();
    QueryExpr expr = QueryExpr.ALL;
    java.time.Duration last = null;
    List<String> projection = null;
    Order order = Order.NEWEST;
    int limit = DEFAULT_LIMIT;
    String cursor = null;
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      switch (f.getKey()) {
        case "from":
          from = time("from", v);
          break;
        case "to":
          to = time("to", v);
          break;
        case "severity":
          for (String s : strings("severity", v)) {
            severities.add(severity("severity", s));
          }
          break;
        case "minSeverity":
          if (!v.isTextual()) {
            throw QueryException.field("minSeverity", "minSeverity must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
          }
          Severity min = severity("minSeverity", v.asText());
          for (Severity s : Severity.values()) {
            if (s.atLeast(min)) {
              severities.add(s);
            }
          }
          break;
        case "services": case "service":
          services = strings(f.getKey(), v);
          break;
        case "hosts": case "host":
          hosts = strings(f.getKey(), v);
          break;
        case "attributes":
          attributes = attributes(v);
          break;
        case "q":
          if (!v.isTextual()) {
            throw QueryException.field("q", "q must be a string in the query language (docs/query-language.md)");
          }
          expr = QueryParser.parse(v.asText());
          break;
        case "last":
          last = last(v);
          break;
        case "fields":
          projection = EventFields.check(strings("fields", v));
          break;
        case "order":
          order = order(v);
          break;
        case "limit":
          if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_LIMIT) {
            throw QueryException.field("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
          }
          limit = v.asInt();
          break;
        case "cursor":
          if (!v.isTextual()) {
            throw QueryException.field("cursor", "cursor must be the nextCursor string of the previous page");
          }
          cursor = v.asText();
          break;
        default:
          throw new QueryException(Problem.of(400, "unknown_field", "unknown query field '" + f.getKey()
              + "'; known fields: from, to, last, severity, minSeverity, services, hosts, attributes, q, order, limit,"
              + " cursor, fields")
              .with("field", f.getKey()));
      }
    }
    if (from != Long.MIN_VALUE && to != Long.MAX_VALUE && from >= to) {
      throw QueryException.field("to", "to must be later than from");
    }
    if (last != null && (from != Long.MIN_VALUE || to != Long.MAX_VALUE)) {
      throw new QueryException(Problem.of(400, QueryReasons.CONFLICTING_FIELDS,
          "last and from/to both set the time range; send last alone (relative to now) or from and to")
          .with("field", "last"));
    }
    return new QueryRequest(new LogQuery(from, to, severities, services, hosts, attributes, List.of(), order, limit,
        null, Long.MAX_VALUE, expr), cursor, last, projection);
  }

  /** {@code "15m"}: a count of ms, s, m, h, d or w. */
  private static java.time.Duration last(JsonNode v) throws QueryException {
    java.time.Duration d = v.isTextual() ? duration(v.asText()) : null;
    if (d == null) {
      throw QueryException.field("last", "last must be a positive count and a unit, such as \"15m\", \"2h\" or"
          + " \"7d\" (units ms, s, m, h, d, w)");
    }
    if (d.compareTo(MAX_LAST) > 0) {
      throw QueryException.field("last", "last may reach back at most " + MAX_LAST.toDays() + " days");
    }
    return d;
  }

  /**
   * {@code "15m"} as a duration: a positive count of up to 7 digits and a unit of ms, s, m, h, d or
   * w; null for any other text.
   */
  public static java.time.Duration duration(String text) {
    java.util.regex.Matcher m = LAST.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "s" -> java.time.Duration.ofSeconds(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      case "d" -> java.time.Duration.ofDays(n);
      default -> java.time.Duration.ofDays(7 * n);
    };
  }

  private static long time(String field, JsonNode v) throws QueryException {
    long t = LogEvent.UNSET_TIME;
    if (v.isTextual()) {
      t = Timestamps.parse(v.asText());
    } else if (v.isIntegralNumber() && v.canConvertToLong()) {
      t = Timestamps.ofEpochNumber(v.asLong());
    } else if (v.isNumber()) {
      t = Timestamps.ofEpochNumber(v.asDouble());
    }
    if (t == LogEvent.UNSET_TIME) {
      throw QueryException.field(field, field + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z, or epoch seconds or ms");
    }
    return t;
  }

  private static List<String> strings(String field, JsonNode v) throws QueryException {
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      throw QueryException.field(field, field + " must be a string or an array of strings");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw QueryException.field(field, field + " must be an array of strings");
      }
      out.add(e.asText());
    }
    if (out.size() > 100) {
      throw QueryException.field(field, field + " may list at most 100 values");
    }
    return out;
  }

  private static Severity severity(String field, String s) throws QueryException {
    try {
      return Severity.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw QueryException.field(field, "'" + s + "' is not a severity; use TRACE, DEBUG, INFO, WARN, ERROR or FATAL");
    }
  }

  private static Map<String, String> attributes(JsonNode v) throws QueryException {
    if (!v.isObject()) {
      throw QueryException.field("attributes", "attributes must be an object of attribute name to value");
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw QueryException.field("attributes." + e.getKey(), "attribute '" + e.getKey() + "' must be a string, number or boolean");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Order order(JsonNode v) throws QueryException {
    if (v.isTextual()) {
      switch (v.asText().toLowerCase(Locale.ROOT)) {
        case "newest": return Order.NEWEST;
        case "oldest": return Order.OLDEST;
        default: break;
      }
    }
    throw QueryException.field("order", "order must be \"newest\" or \"oldest\"");
  }
}
