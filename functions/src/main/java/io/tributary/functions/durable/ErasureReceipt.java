package io.tributary.functions.durable;

/**
 * The receipt of a completed erasure, its result and its audit record.
 *
 * @param id the erasure's id
 * @param tenant whose events were erased
 * @param q the query, as given ({@code null} when absent)
 * @param from the range's start, as given
 * @param to the range's end, as given
 * @param storeEvents events (distinct by time and id) removed from the hot store
 * @param archiveEvents events removed from the archive
 * @param segmentsRewritten archive segments rewritten without them (or deleted)
 * @param requestedBy the subject of the token that asked for it
 * @param requestedAt when it was asked
 * @param completedAt when it was done
 */
public record ErasureReceipt(String id, String tenant, String q, String from, String to, long storeEvents,
    long archiveEvents, long segmentsRewritten, String requestedBy, String requestedAt, String completedAt) {
}
