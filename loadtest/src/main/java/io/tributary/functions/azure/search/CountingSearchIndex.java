package io.tributary.functions.azure.search;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.search.IndexResult;
import io.tributary.search.SearchIndex;
import io.tributary.search.SearchQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link SearchIndex} that does what {@link AzureSearchIndex#index} does before the network —
 * the search documents ({@link SearchDocuments#of}, package-private: hence this package), one per
 * key, each serialised once for its size — then serialises each upload request of up to 1,000
 * {@code mergeOrUpload} actions as the service's JSON and only counts its bytes, for the indexing
 * benchmark in {@code loadtest}. Searches find nothing.
 */
public final class CountingSearchIndex implements SearchIndex {

  private static final int BATCH = AzureSearchIndexOptions.SERVICE_MAX_DOCUMENTS;

  /** Bytes of upload requests, of the documents alone, documents and requests so far. */
  public long bytes;
  public long documentBytes;
  public long documents;
  public long requests;

  @Override
  public IndexResult index(List<LogEvent> events) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>(events.size());
    Set<String> keys = new HashSet<>();
    long sized = 0;
    for (LogEvent e : events) {
      Map<String, Object> d = SearchDocuments.of(e);
      if (keys.add((String) d.get(SearchIndexSchema.KEY))) {
        sized += Json.mapper().writeValueAsBytes(d).length;
        docs.add(d);
      }
    }
    for (int from = 0; from < docs.size(); from += BATCH) {
      List<Map<String, Object>> actions = new ArrayList<>();
      for (Map<String, Object> d : docs.subList(from, Math.min(docs.size(), from + BATCH))) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("@search.action", "mergeOrUpload");
        a.putAll(d);
        actions.add(a);
      }
      bytes += Json.mapper().writeValueAsBytes(Map.of("value", actions)).length;
      requests++;
    }
    documents += docs.size();
    documentBytes += sized;
    return new IndexResult(docs.size(), List.of());
  }

  @Override
  public List<LogEvent> search(TenantId tenant, SearchQuery query) {
    return List.of();
  }

  @Override
  public long deleteBefore(TenantId tenant, long beforeNanos) {
    return 0;
  }

  @Override
  public void close() {
  }
}
