package io.tributary.search;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.List;

/**
 * A full-text index of some events (those the {@link IndexingPolicy} picks), beside the
 * {@link io.tributary.store.LogStore} that holds them all: Azure AI Search when deployed, fed from
 * the Cosmos DB change feed. Thread-safe.
 *
 * <p>Identity is (tenant, id). Indexing is idempotent: the same event indexed again replaces its
 * document with the same content, so a batch delivered twice changes nothing. Of two copies of an
 * id with <em>different</em> content (a client reusing an id) the index keeps the one indexed last;
 * the store keeps the first (the store, not the index, is the record).
 *
 * <p>Searches answer in the store's order and paging: by event time, then id, in
 * {@code query.order()}, strictly after {@code query.after()}, only events ingested at or before
 * {@code query.asOfNanos()}; words and phrases follow {@link io.tributary.query.Words}.
 */
public interface SearchIndex extends AutoCloseable {

  /**
   * Indexes {@code events} (of any tenants). Returns when every event is indexed or rejected for
   * good; rejected events (the service refused them as they are: retrying cannot help) are in the
   * result, not thrown.
   *
   * @throws IOException when the service stayed unavailable or throttled after the adapter's
   *     bounded retries; the caller delivers the batch again
   */
  IndexResult index(List<LogEvent> events) throws IOException;

  /** Up to {@code query.filter().limit()} events of {@code tenant} that match, in order. */
  List<LogEvent> search(TenantId tenant, SearchQuery query) throws IOException;

  /**
   * Removes the documents of {@code tenant} whose event time is before {@code beforeNanos}
   * (retention); returns how many were removed. Idempotent.
   */
  long deleteBefore(TenantId tenant, long beforeNanos) throws IOException;

  @Override
  void close() throws IOException;
}
