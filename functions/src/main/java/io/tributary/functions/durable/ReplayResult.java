package io.tributary.functions.durable;

/**
 * A completed replay's result.
 *
 * @param events events the replay stored (that the store did not hold); 0 for a replay of what is there
 * @param read archived events that match, each id once
 * @param days ingest days of the archive gone over
 */
public record ReplayResult(long events, long read, int days) {
}
