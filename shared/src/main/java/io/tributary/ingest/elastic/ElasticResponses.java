package io.tributary.ingest.elastic;

import io.tributary.http.Problem;
import io.tributary.ingest.Rejection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Elasticsearch's answers, in the shapes its clients parse: the bulk response ({@code took},
 * {@code errors}, {@code items[{<action>:{_index, status, result | error}}]}), its error document
 * ({@code {"error":{"root_cause":[…],"type","reason"},"status"}}) and the root info document that
 * clients and shippers read at start. Every answer carries {@code X-Elastic-Product: Elasticsearch},
 * which official clients check.
 */
public final class ElasticResponses {

  /** The header official clients check on every answer. */
  public static final String PRODUCT_HEADER = "X-Elastic-Product";
  public static final String PRODUCT = "Elasticsearch";

  /** The version the info document claims: the 8.x API that bulk clients of 7.x to 9.x speak. */
  public static final String VERSION = "8.17.0";

  /** The index named when neither the route nor the action names one. */
  public static final String DEFAULT_INDEX = "logs";

  private ElasticResponses() {
  }

  /**
   * The Content-Type of an answer: the versioned media type a request with
   * {@code compatible-with=N} asked for, else application/json.
   */
  public static String contentType(String requestContentType, String accept) {
    for (String h : new String[] {accept, requestContentType}) {
      if (h == null) {
        continue;
      }
      String l = h.toLowerCase(Locale.ROOT);
      int at = l.indexOf("compatible-with=");
      if (l.contains("application/vnd.elasticsearch+") && at >= 0) {
        String v = l.substring(at + 16).replaceAll("[^0-9].*$", "");
        if (!v.isEmpty()) {
          return "application/vnd.elasticsearch+json; compatible-with=" + v;
        }
      }
    }
    return "application/json";
  }

  /** The bulk answer: one item per action, in order; {@code index} the route's index or null. */
  public static Map<String, Object> bulk(BulkReport report, String index, long tookMillis) {
    List<Object> items = new ArrayList<>(report.items().size());
    boolean errors = false;
    for (BulkReport.Item item : report.items()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("_index", item.index() != null ? item.index() : index != null ? index : DEFAULT_INDEX);
      if (item.id() != null) {
        r.put("_id", item.id());
      }
      Rejection why = item.rejection();
      if (why == null) {
        r.put("_version", 1);
        r.put("result", "created");
        r.put("_shards", Map.of("total", 1, "successful", 1, "failed", 0));
        r.put("status", 201);
      } else {
        errors = true;
        r.put("status", 400);
        r.put("error", error(type(why.code()), why.code() + ": " + why.message()));
      }
      items.add(Map.of(item.action(), r));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("took", tookMillis);
    body.put("errors", errors);
    body.put("items", items);
    return body;
  }

  /** A refused request as Elasticsearch's error document, with the problem's status. */
  public static Map<String, Object> error(Problem p) {
    Map<String, Object> body = new LinkedHashMap<>();
    String type = p.status() == 429 ? "es_rejected_execution_exception"
        : p.status() == 401 ? "security_exception" : p.status() >= 500 ? "unavailable_shards_exception"
        : "illegal_argument_exception";
    body.put("error", error(type, p.code() + ": " + p.detail()));
    body.put("status", p.status());
    return body;
  }

  /** The root info document ({@code GET /}). */
  public static Map<String, Object> info() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("number", VERSION);
    version.put("build_flavor", "default");
    version.put("build_type", "tributary");
    version.put("build_hash", "tributary");
    version.put("build_date", "2026-01-01T00:00:00.000Z");
    version.put("build_snapshot", false);
    version.put("lucene_version", "9.12.0");
    version.put("minimum_wire_compatibility_version", "7.17.0");
    version.put("minimum_index_compatibility_version", "7.0.0");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "tributary");
    body.put("cluster_name", "tributary");
    body.put("cluster_uuid", "tributary-compat-elasticsearch");
    body.put("version", version);
    body.put("tagline", "You Know, for Search");
    return body;
  }

  private static Map<String, Object> error(String type, String reason) {
    Map<String, Object> cause = new LinkedHashMap<>();
    cause.put("type", type);
    cause.put("reason", reason);
    Map<String, Object> e = new LinkedHashMap<>(cause);
    e.put("root_cause", List.of(cause));
    return e;
  }

  private static String type(String code) {
    switch (code) {
      case "unsupported_action": case "missing_document": return "action_request_validation_exception";
      default: return "document_parsing_exception";
    }
  }
}
