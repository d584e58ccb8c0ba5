package io.tributary.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.Problem;
import io.tributary.json.Json;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.QueryException;
import io.tributary.query.QueryReasons;
import io.tributary.query.QueryRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to export: the events a query matches (its filters and {@code q}, read exactly as
 * {@code POST /api/logs/query} reads them), in which format, with which fields.
 *
 * @param query the filters; its order, limit and paging are not used (an export is every match, oldest first)
 * @param format how events are written
 * @param fields the fields each event carries ({@link io.tributary.query.EventFields}), or null for all
 */
public record ExportRequest(LogQuery query, ExportFormat format, List<String> fields) {

  /** The format when {@code format=} is absent. */
  public static final ExportFormat DEFAULT_FORMAT = ExportFormat.NDJSON;

  /** Query parameters that are lists, comma-separated, as the query body names them. */
  private static final Set<String> LISTS = Set.of("service", "host", "severity", "fields");
  private static final Set<String> TEXTS = Set.of("from", "to", "q", "minSeverity");

  public ExportRequest {
    fields = fields == null ? null : List.copyOf(fields);
  }

  /**
   * The export the query parameters of {@code GET /api/logs/export} ask for: {@code from},
   * {@code to} (ISO-8601 or epoch numbers), {@code q}, {@code format} (csv, ndjson, json;
   * default ndjson), {@code fields}, and the filters {@code service}, {@code host},
   * {@code severity}, {@code minSeverity} (lists comma-separated).
   *
   * @throws QueryException a 400 naming the parameter and what to send instead
   */
  public static ExportRequest of(Map<String, String> params) throws QueryException {
    ObjectNode body = Json.mapper().createObjectNode();
    ExportFormat format = DEFAULT_FORMAT;
    for (Map.Entry<String, String> p : params.entrySet()) {
      String k = p.getKey();
      String v = p.getValue() == null ? "" : p.getValue();
      if (k.equals("format")) {
        format = ExportFormat.ofCode(v).orElseThrow(() -> new QueryException(Problem.of(400,
            ExportReasons.INVALID_FORMAT, "format must be csv, ndjson or json; not '" + v + "'")
            .with("field", "format")));
      } else if (LISTS.contains(k)) {
        ArrayNode a = body.putArray(k.equals("fields") ? "fields" : k);
        for (String item : v.split(",")) {
          if (!item.isBlank()) {
            a.add(item.trim());
          }
        }
      } else if (TEXTS.contains(k)) {
        body.put(k, v);
      } else {
        throw new QueryException(Problem.of(400, QueryReasons.UNKNOWN_FIELD, "an export takes from, to, q, format,"
            + " fields, service, host, severity and minSeverity; not '" + k + "'").with("field", k));
      }
    }
    QueryRequest read = QueryRequest.read(body);
    LogQuery q = read.query();
    return new ExportRequest(new LogQuery(q.fromNanos(), q.toNanos(), q.severities(), q.services(), q.hosts(),
        q.attributes(), q.words(), Order.OLDEST, 1, null, q.asOfNanos(), q.expr()), format, read.fields());
  }
}
