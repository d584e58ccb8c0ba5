package io.tributary.query.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.Problem;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import io.tributary.query.QueryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /logs/aggregate}: the filters of a query ({@link QueryRequest}: from, to,
 * last, severity, minSeverity, services, hosts, attributes, q) and what to compute over the events
 * they match:
 * <pre>
 * {"groupBy":["severity","service","host","pattern","attributes.NAME",…] (1-3), "top":1..1000,
 *  "histogram":{"interval":"auto"|"1m"|…, "by":FIELD, "series":1..20},
 *  "metrics":["attributes.latency",…] (1-10)}
 * </pre>
 * A query's paging fields (order, limit, cursor, fields) mean nothing here and are refused as
 * unknown. A histogram needs a start (last or from); without to it ends at the query's time.
 *
 * @param query the filters, read as a query's
 * @param groupBy the fields of a group's key; empty for no groups
 * @param top how many of the largest groups to answer
 * @param histogram the histogram asked for, or null
 * @param metrics the attributes to summarise as numbers, by the names the request gave
 */
public record AggregateRequest(QueryRequest query, List<AggregateField> groupBy, int top, HistogramSpec histogram,
    List<String> metrics) {

  public static final int MAX_GROUP_BY = 3;
  public static final int DEFAULT_TOP = 10;
  public static final int MAX_TOP = 1000;
  public static final int MAX_METRICS = 10;

  private static final Set<String> OWN = Set.of("groupBy", "top", "histogram", "metrics");
  private static final Set<String> FILTERS = Set.of("from", "to", "last", "severity", "minSeverity", "services",
      "service", "hosts", "host", "attributes", "q");
  /** Event fields that are not numbers: a metric of one is a mistake worth naming. */
  private static final Set<String> NOT_NUMBERS = Set.of("id", "timestamp", "ingestedAt", "severity", "severityText",
      "service", "host", "message", "attributes", "traceId", "spanId", "patternId", "template", "pattern");

  public AggregateRequest {
    groupBy = List.copyOf(groupBy);
    metrics = List.copyOf(metrics);
  }

  public static AggregateRequest read(byte[] body) throws QueryException {
    ObjectNode root = QueryRequest.tree(body);
    ObjectNode filters = root.objectNode();
    List<AggregateField> groupBy = List.of();
    int top = DEFAULT_TOP;
    HistogramSpec histogram = null;
    List<String> metrics = List.of();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      JsonNode v = f.getValue();
      if (FILTERS.contains(key)) {
        filters.set(key, v);
        continue;
      }
      if (!OWN.contains(key)) {
        throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "unknown aggregation field '" + key
            + "'; known fields: from, to, last, severity, minSeverity, services, hosts, attributes, q, groupBy,"
            + " top, histogram, metrics").with("field", key));
      }
      if (v.isNull()) {
        continue;
      }
      switch (key) {
        case "groupBy" -> groupBy = groupBy(v);
        case "top" -> {
          if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > MAX_TOP) {
            throw AggregateField.invalid("top", "top must be an integer from 1 to " + MAX_TOP);
          }
          top = v.asInt();
        }
        case "histogram" -> histogram = histogram(v);
        default -> metrics = metrics(v);
      }
    }
    QueryRequest query = QueryRequest.read(filters);
    if (histogram != null && query.last() == null && query.query().fromNanos() == Long.MIN_VALUE) {
      throw AggregateField.invalid("histogram", "a histogram needs a time range: send last (such as \"1h\"), or"
          + " from (and to)");
    }
    return new AggregateRequest(query, groupBy, top, histogram, metrics);
  }

  private static List<String> strings(String field, JsonNode v, int max) throws QueryException {
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          throw AggregateField.invalid(field, field + " must be an array of field names");
        }
        out.add(e.asText());
      }
    } else {
      throw AggregateField.invalid(field, field + " must be a field name or an array of them");
    }
    if (out.isEmpty() || out.size() > max) {
      throw AggregateField.invalid(field, field + " must name 1 to " + max + " fields");
    }
    if (new LinkedHashSet<>(out).size() != out.size()) {
      throw AggregateField.invalid(field, field + " names a field twice");
    }
    return out;
  }

  private static List<AggregateField> groupBy(JsonNode v) throws QueryException {
    List<AggregateField> out = new ArrayList<>();
    for (String name : strings("groupBy", v, MAX_GROUP_BY)) {
      out.add(AggregateField.of("groupBy", name));
    }
    return out;
  }

  private static List<String> metrics(JsonNode v) throws QueryException {
    List<String> names = strings("metrics", v, MAX_METRICS);
    for (String name : names) {
      if (NOT_NUMBERS.contains(name)) {
        throw new QueryException(Problem.of(400, QueryReasons.INVALID_METRIC, "'" + name + "' is not a number;"
            + " metrics summarise numeric attributes, such as attributes.latency").with("field", "metrics"));
      }
      AggregateField f = AggregateField.of("metrics", name);
      if (f.kind() != AggregateField.Kind.ATTRIBUTE) {
        throw new QueryException(Problem.of(400, QueryReasons.INVALID_METRIC, "'" + name + "' is not a number")
            .with("field", "metrics"));
      }
    }
    return names;
  }

  private static HistogramSpec histogram(JsonNode v) throws QueryException {
    if (!v.isObject()) {
      throw AggregateField.invalid("histogram", "histogram must be an object such as {\"interval\":\"auto\"}");
    }
    Duration interval = null;
    AggregateField by = null;
    int series = HistogramSpec.DEFAULT_SERIES;
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode x = f.getValue();
      if (x.isNull()) {
        continue;
      }
      switch (f.getKey()) {
        case "interval" -> {
          String text = x.isTextual() ? x.asText().trim() : "";
          if (!text.equals("auto")) {
            interval = text.isEmpty() ? null : QueryRequest.duration(text);
            if (interval == null) {
              throw new QueryException(Problem.of(400, QueryReasons.INVALID_INTERVAL, "histogram.interval must be"
                  + " \"auto\" or a count and a unit, such as \"1m\", \"15m\" or \"1h\" (units ms, s, m, h, d, w)")
                  .with("field", "histogram.interval"));
            }
          }
        }
        case "by" -> {
          if (!x.isTextual()) {
            throw AggregateField.invalid("histogram.by", "histogram.by must be one field name");
          }
          by = AggregateField.of("histogram.by", x.asText());
        }
        case "series" -> {
          if (!x.isIntegralNumber() || !x.canConvertToInt() || x.asInt() < 1 || x.asInt() > HistogramSpec.MAX_SERIES) {
            throw AggregateField.invalid("histogram.series", "histogram.series must be an integer from 1 to "
                + HistogramSpec.MAX_SERIES);
          }
          series = x.asInt();
        }
        default -> throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "unknown histogram field '"
            + f.getKey() + "'; known fields: interval, by, series").with("field", "histogram." + f.getKey()));
      }
    }
    return new HistogramSpec(interval, by, series);
  }
}
