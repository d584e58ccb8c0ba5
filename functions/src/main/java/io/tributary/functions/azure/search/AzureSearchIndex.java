package io.tributary.functions.azure.search;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.search.documents.SearchClient;
import com.azure.search.documents.SearchDocument;
import com.azure.search.documents.indexes.SearchIndexClient;
import com.azure.search.documents.indexes.models.IndexDocumentsBatch;
import com.azure.search.documents.models.IndexDocumentsOptions;
import com.azure.search.documents.models.IndexDocumentsResult;
import com.azure.search.documents.models.IndexingResult;
import com.azure.search.documents.models.SearchMode;
import com.azure.search.documents.models.SearchOptions;
import com.azure.search.documents.models.SearchResult;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.query.LogQuery;
import io.tributary.search.IndexResult;
import io.tributary.search.SearchIndex;
import io.tributary.search.SearchQuery;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link SearchIndex} on Azure AI Search. Documents go as {@code mergeOrUpload} actions (the same
 * event again writes the same document: idempotent), in requests of at most
 * {@link AzureSearchIndexOptions#maxBatchDocuments} documents and
 * {@link AzureSearchIndexOptions#maxBatchBytes} bytes.
 *
 * <p>Failures: a 207 answer lists each document's status; only the documents that failed with a
 * status worth retrying (409, 422, 429, 503 and other 5xx) are sent again, with backoff, up to
 * {@link AzureSearchIndexOptions#maxAttempts}; those refused as they are (400, 404, …) are reported
 * in the {@link IndexResult}. A whole request answered 429 or 5xx, or not answered, is retried the
 * same way; a 413 splits the request in two. When documents still fail after the last attempt,
 * {@code index} throws: the caller's trigger delivers the batch again. The SDK's own retries are
 * off (see {@link AzureSearchClients}), so waits do not multiply. Thread-safe.
 */
public final class AzureSearchIndex implements SearchIndex {

  /** Sleeps between attempts; tests pass one that records instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final SearchClient client;
  private final AzureSearchIndexOptions options;
  private final Sleeper sleeper;

  public AzureSearchIndex(SearchClient client, AzureSearchIndexOptions options, Sleeper sleeper) {
    this.client = client;
    this.options = options;
    this.sleeper = sleeper;
  }

  /** Creates the index from {@link SearchIndexSchema}, or updates it to that schema; idempotent. */
  public static void createOrUpdate(SearchIndexClient indexes, String indexName) {
    indexes.createOrUpdateIndex(SearchIndexSchema.definition(indexName));
  }

  /** A document on its way: its key, its JSON size, and the map the SDK writes. */
  record Pending(String key, TenantId tenant, String id, Map<String, Object> document, long bytes) {
  }

  @Override
  public IndexResult index(List<LogEvent> events) throws IOException {
    List<Pending> pending = new ArrayList<>(events.size());
    Set<String> keys = new HashSet<>();
    for (LogEvent e : events) {
      Map<String, Object> d = SearchDocuments.of(e);
      String key = (String) d.get(SearchIndexSchema.KEY);
      if (keys.add(key)) {
        pending.add(new Pending(key, e.tenant(), e.id(), d, Json.mapper().writeValueAsBytes(d).length));
      }
    }
    return send(pending, IndexDocumentsBatch::addMergeOrUploadActions);
  }

  private interface Action {
    void add(IndexDocumentsBatch<Map<String, Object>> batch, Iterable<Map<String, Object>> documents);
  }

  private IndexResult send(List<Pending> documents, Action action) throws IOException {
    List<IndexResult.Rejected> rejected = new ArrayList<>();
    int indexed = 0;
    List<Pending> pending = documents;
    for (int attempt = 1; ; attempt++) {
      List<Pending> again = new ArrayList<>();
      String lastFailure = null;
      for (List<Pending> batch : batches(pending)) {
        Outcome o = sendBatch(batch, action);
        indexed += o.indexed;
        rejected.addAll(o.rejected);
        again.addAll(o.retry);
        if (o.failure != null) {
          lastFailure = o.failure;
        }
      }
      if (again.isEmpty()) {
        return new IndexResult(indexed, rejected);
      }
      if (attempt >= options.maxAttempts()) {
        throw new IOException(again.size() + " documents still not indexed after " + attempt + " attempts; last: "
            + lastFailure);
      }
      pending = again;
      try {
        sleeper.sleep(backoff(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry " + again.size() + " documents");
      }
    }
  }

  /** What one request did. */
  private static final class Outcome {
    int indexed;
    final List<IndexResult.Rejected> rejected = new ArrayList<>();
    final List<Pending> retry = new ArrayList<>();
    String failure;
  }

  private Outcome sendBatch(List<Pending> batch, Action action) throws IOException {
    Outcome o = new Outcome();
    IndexDocumentsBatch<Map<String, Object>> request = new IndexDocumentsBatch<>();
    action.add(request, batch.stream().map(Pending::document).toList());
    Response<IndexDocumentsResult> response;
    try {
      response = client.indexDocumentsWithResponse(request, new IndexDocumentsOptions().setThrowOnAnyError(false),
          Context.NONE);
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      if (status == 413 && batch.size() > 1) {
        // Counted under the limit but written over it: halve and send both now.
        Outcome a = sendBatch(batch.subList(0, batch.size() / 2), action);
        Outcome b = sendBatch(batch.subList(batch.size() / 2, batch.size()), action);
        a.indexed += b.indexed;
        a.rejected.addAll(b.rejected);
        a.retry.addAll(b.retry);
        a.failure = b.failure != null ? b.failure : a.failure;
        return a;
      }
      if (!retriable(status)) {
        // The whole request refused: the schema or the documents' form is wrong, a bug to see, not to skip.
        throw new IOException("the search service refused an indexing request (" + status + "): " + e.getMessage(), e);
      }
      o.retry.addAll(batch);
      o.failure = "request answered " + status;
      return o;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      // Not answered (connection reset, timeout): the documents may or may not be in; sending them again is harmless.
      o.retry.addAll(batch);
      o.failure = "request failed: " + e;
      return o;
    }
    Map<String, Pending> byKey = new LinkedHashMap<>();
    for (Pending p : batch) {
      byKey.put(p.key(), p);
    }
    for (IndexingResult r : response.getValue().getResults()) {
      Pending p = byKey.remove(r.getKey());
      if (p == null) {
        continue;
      }
      if (r.isSucceeded()) {
        o.indexed++;
      } else if (retriable(r.getStatusCode())) {
        o.retry.add(p);
        o.failure = r.getKey() + " answered " + r.getStatusCode() + ": " + r.getErrorMessage();
      } else {
        o.rejected.add(new IndexResult.Rejected(p.tenant(), p.id(), r.getStatusCode(), r.getErrorMessage()));
      }
    }
    // A document the answer does not mention is not known to be in.
    o.retry.addAll(byKey.values());
    return o;
  }

  /** Statuses the documentation names as transient, and throttling. */
  static boolean retriable(int status) {
    return status == 0 || status == 408 || status == 409 || status == 422 || status == 429 || status >= 500;
  }

  /** Requests of at most the options' count and bytes; a document over the byte limit goes alone. */
  List<List<Pending>> batches(List<Pending> documents) {
    List<List<Pending>> out = new ArrayList<>();
    List<Pending> current = new ArrayList<>();
    long bytes = ENVELOPE_BYTES;
    for (Pending p : documents) {
      long size = p.bytes() + ACTION_BYTES;
      if (!current.isEmpty() && (current.size() == options.maxBatchDocuments()
          || bytes + size > options.maxBatchBytes())) {
        out.add(current);
        current = new ArrayList<>();
        bytes = ENVELOPE_BYTES;
      }
      current.add(p);
      bytes += size;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /** {@code {"value":[]}} */
  static final long ENVELOPE_BYTES = 12;
  /** {@code "@search.action":"mergeOrUpload",} and a comma between documents. */
  static final long ACTION_BYTES = 36;

  private Duration backoff(int attempt) {
    long base = options.minBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, options.maxBackoff().toMillis());
    // Full jitter over the upper half: instances throttled together do not retry together.
    long half = capped / 2;
    return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
  }

  @Override
  public List<LogEvent> search(TenantId tenant, SearchQuery query) throws IOException {
    LogQuery q = query.filter();
    if (q.limit() <= 0) {
      return List.of();
    }
    SearchOptions o = new SearchOptions()
        .setFilter(SearchRequests.filter(tenant, q))
        .setOrderBy(SearchRequests.orderBy(q.order()))
        .setTop(q.limit())
        .setSearchMode(SearchMode.ALL)
        .setSearchFields(SearchIndexSchema.MESSAGE);
    List<LogEvent> out = new ArrayList<>(Math.min(q.limit(), 1000));
    try {
      for (SearchResult r : client.search(SearchRequests.text(query), o, Context.NONE)) {
        out.add(SearchDocuments.event(r.getDocument(SearchDocument.class)));
        if (out.size() >= q.limit()) {
          break;
        }
      }
    } catch (HttpResponseException e) {
      throw new IOException("search failed (" + (e.getResponse() == null ? 0 : e.getResponse().getStatusCode())
          + "): " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public long deleteBefore(TenantId tenant, long beforeNanos) throws IOException {
    String base = SearchIndexSchema.TENANT + " eq " + SearchRequests.literal(tenant.value()) + " and "
        + SearchIndexSchema.TIME + " lt " + beforeNanos;
    long deleted = 0;
    io.tributary.query.Position after = null;
    while (true) {
      // Keyset pages in time order: deletes show in searches about a second later, so a page never
      // asks again for what the previous one deleted.
      String filter = after == null ? base
          : base + " and " + SearchRequests.after(after, io.tributary.query.Order.OLDEST);
      SearchOptions o = new SearchOptions().setFilter(filter)
          .setSelect(SearchIndexSchema.KEY, SearchIndexSchema.TIME, SearchIndexSchema.EVENT_ID)
          .setOrderBy(SearchRequests.orderBy(io.tributary.query.Order.OLDEST))
          .setTop(AzureSearchIndexOptions.SERVICE_MAX_DOCUMENTS);
      List<Pending> page = new ArrayList<>();
      try {
        for (SearchResult r : client.search("*", o, Context.NONE)) {
          SearchDocument d = r.getDocument(SearchDocument.class);
          String key = (String) d.get(SearchIndexSchema.KEY);
          page.add(new Pending(key, tenant, (String) d.get(SearchIndexSchema.EVENT_ID),
              Map.of(SearchIndexSchema.KEY, key), key.length() + 10));
          after = new io.tributary.query.Position(((Number) d.get(SearchIndexSchema.TIME)).longValue(),
              (String) d.get(SearchIndexSchema.EVENT_ID));
          if (page.size() >= AzureSearchIndexOptions.SERVICE_MAX_DOCUMENTS) {
            break;
          }
        }
      } catch (HttpResponseException e) {
        throw new IOException("listing documents to delete failed: " + e.getMessage(), e);
      }
      if (page.isEmpty()) {
        return deleted;
      }
      deleted += send(page, IndexDocumentsBatch::addDeleteActions).indexed();
      if (page.size() < AzureSearchIndexOptions.SERVICE_MAX_DOCUMENTS) {
        return deleted;
      }
    }
  }

  @Override
  public void close() {
  }
}
