package io.tributary.functions.azure.search;

import static io.tributary.functions.azure.search.SearchIndexSchema.ATTRIBUTES;
import static io.tributary.functions.azure.search.SearchIndexSchema.ATTRIBUTES_JSON;
import static io.tributary.functions.azure.search.SearchIndexSchema.EVENT_ID;
import static io.tributary.functions.azure.search.SearchIndexSchema.HOST;
import static io.tributary.functions.azure.search.SearchIndexSchema.INGESTED;
import static io.tributary.functions.azure.search.SearchIndexSchema.KEY;
import static io.tributary.functions.azure.search.SearchIndexSchema.KIND;
import static io.tributary.functions.azure.search.SearchIndexSchema.MESSAGE;
import static io.tributary.functions.azure.search.SearchIndexSchema.PATTERN;
import static io.tributary.functions.azure.search.SearchIndexSchema.SERVICE;
import static io.tributary.functions.azure.search.SearchIndexSchema.SEVERITY;
import static io.tributary.functions.azure.search.SearchIndexSchema.SEVERITY_TEXT;
import static io.tributary.functions.azure.search.SearchIndexSchema.SPAN;
import static io.tributary.functions.azure.search.SearchIndexSchema.TEMPLATE;
import static io.tributary.functions.azure.search.SearchIndexSchema.TENANT;
import static io.tributary.functions.azure.search.SearchIndexSchema.TIME;
import static io.tributary.functions.azure.search.SearchIndexSchema.TRACE;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An event as an AI Search document of {@link SearchIndexSchema}, and back. */
final class SearchDocuments {

  private SearchDocuments() {
  }

  /**
   * The document key of (tenant, id): the tenant (letters, digits, '-', '_'), '=', and the id's
   * UTF-8 in unpadded base64url, so any id a client sends makes a valid, distinct key.
   */
  static String key(TenantId tenant, String id) {
    return tenant.value() + "=" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  /** The document of {@code e}, fields in schema order (null fields included: an upload clears them). */
  static Map<String, Object> of(LogEvent e) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(KEY, key(e.tenant(), e.id()));
    d.put(TENANT, e.tenant().value());
    d.put(EVENT_ID, e.id());
    d.put(TIME, e.timeNanos());
    d.put(INGESTED, e.ingestedNanos());
    d.put(SEVERITY, e.severity().name());
    d.put(SEVERITY_TEXT, e.severityText());
    d.put(SERVICE, e.service());
    d.put(HOST, e.host());
    d.put(MESSAGE, e.message());
    d.put(KIND, e.kind().name());
    d.put(PATTERN, e.patternId());
    d.put(TEMPLATE, e.template());
    d.put(TRACE, e.traceId());
    d.put(SPAN, e.spanId());
    List<String> pairs = new ArrayList<>(e.attributes().size());
    for (Map.Entry<String, Object> a : new TreeMap<>(e.attributes()).entrySet()) {
      pairs.add(pair(a.getKey(), String.valueOf(a.getValue())));
    }
    d.put(ATTRIBUTES, pairs);
    try {
      d.put(ATTRIBUTES_JSON, Json.mapper().writeValueAsString(new TreeMap<>(e.attributes())));
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return d;
  }

  static String pair(String key, String value) {
    return key + "=" + value;
  }

  /** The event of a document retrieved with every field. */
  static LogEvent event(Map<String, Object> d) throws IOException {
    String json = (String) d.get(ATTRIBUTES_JSON);
    Map<String, Object> attributes = json == null ? Map.of()
        : Json.mapper().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
    // Whole numbers come back as Integer when small; events carry Long.
    attributes.replaceAll((k, v) -> v instanceof Integer i ? Long.valueOf(i) : v);
    return new LogEvent((String) d.get(EVENT_ID), TenantId.of((String) d.get(TENANT)),
        EventKind.valueOf((String) d.get(KIND)), number(d.get(TIME)), number(d.get(INGESTED)),
        Severity.valueOf((String) d.get(SEVERITY)), (String) d.get(SEVERITY_TEXT), (String) d.get(SERVICE),
        (String) d.get(HOST), (String) d.get(MESSAGE), attributes, (String) d.get(TRACE), (String) d.get(SPAN),
        (String) d.get(PATTERN), (String) d.get(TEMPLATE));
  }

  private static long number(Object o) {
    return ((Number) o).longValue();
  }
}
