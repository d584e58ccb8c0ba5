package io.tributary.functions.azure.search;

import static io.tributary.functions.azure.search.SearchIndexSchema.ATTRIBUTES;
import static io.tributary.functions.azure.search.SearchIndexSchema.EVENT_ID;
import static io.tributary.functions.azure.search.SearchIndexSchema.HOST;
import static io.tributary.functions.azure.search.SearchIndexSchema.INGESTED;
import static io.tributary.functions.azure.search.SearchIndexSchema.SERVICE;
import static io.tributary.functions.azure.search.SearchIndexSchema.SEVERITY;
import static io.tributary.functions.azure.search.SearchIndexSchema.TENANT;
import static io.tributary.functions.azure.search.SearchIndexSchema.TIME;

import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.Position;
import io.tributary.search.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link SearchQuery} in AI Search's terms: the search text (simple syntax, every word and
 * phrase quoted, all required), the OData filter (tenant first, always), and the order by time
 * then id, as the store pages.
 */
final class SearchRequests {

  private SearchRequests() {
  }

  /** The search text: {@code "w1" "w2" "a phrase"}, or {@code *} when there are none. */
  static String text(SearchQuery q) {
    List<String> terms = new ArrayList<>(q.filter().words());
    terms.addAll(q.phrases());
    StringBuilder b = new StringBuilder();
    for (String t : terms) {
      if (t.isBlank()) {
        continue;
      }
      if (!b.isEmpty()) {
        b.append(' ');
      }
      // Quoted, so operators and special characters in a word are literal text.
      b.append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.isEmpty() ? "*" : b.toString();
  }

  /** The filter of {@code tenant}'s documents that match {@code q}'s structured part and page. */
  static String filter(TenantId tenant, LogQuery q) {
    List<String> and = new ArrayList<>();
    and.add(TENANT + " eq " + literal(tenant.value()));
    if (q.fromNanos() != Long.MIN_VALUE) {
      and.add(TIME + " ge " + q.fromNanos());
    }
    if (q.toNanos() != Long.MAX_VALUE) {
      and.add(TIME + " lt " + q.toNanos());
    }
    if (q.asOfNanos() != Long.MAX_VALUE) {
      and.add(INGESTED + " le " + q.asOfNanos());
    }
    if (!q.severities().isEmpty()) {
      and.add(anyOf(SEVERITY, q.severities().stream().sorted().map(Severity::name).toList()));
    }
    if (!q.services().isEmpty()) {
      and.add(anyOf(SERVICE, q.services()));
    }
    if (!q.hosts().isEmpty()) {
      and.add(anyOf(HOST, q.hosts()));
    }
    for (Map.Entry<String, String> a : new TreeMap<>(q.attributes()).entrySet()) {
      and.add(ATTRIBUTES + "/any(a: a eq " + literal(SearchDocuments.pair(a.getKey(), a.getValue())) + ")");
    }
    if (q.after() != null) {
      and.add(after(q.after(), q.order()));
    }
    return String.join(" and ", and);
  }

  /** Strictly after {@code p} in {@code order}: by time, ties by id. */
  static String after(Position p, Order order) {
    String op = order == Order.OLDEST ? "gt" : "lt";
    return "(" + TIME + " " + op + " " + p.timeNanos() + " or (" + TIME + " eq " + p.timeNanos() + " and "
        + EVENT_ID + " " + op + " " + literal(p.id()) + "))";
  }

  /** The order of {@code order}: time, then id, the same direction. */
  static String[] orderBy(Order order) {
    String dir = order == Order.OLDEST ? " asc" : " desc";
    return new String[] {TIME + dir, EVENT_ID + dir};
  }

  private static String anyOf(String field, List<String> values) {
    List<String> or = new ArrayList<>();
    for (String v : values) {
      or.add(field + " eq " + literal(v));
    }
    return or.size() == 1 ? or.get(0) : "(" + String.join(" or ", or) + ")";
  }

  /** An OData string literal: quotes doubled. */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
