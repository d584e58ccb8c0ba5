package io.tributary.ingest;

/**
 * What a format tells the route that serves it about a judged request, beyond the receipt, so
 * that the route can answer in its protocol's own shape (Elasticsearch bulk: each item's action
 * and index, and its verdict). Formats whose answer the receipt says whole have none.
 */
public interface FormatReport {
}
