package io.tributary.store;

/**
 * Rows of matching events as a column store holds them, without the events: for aggregations that
 * need only time, severity, service and host ({@link LogStore#scanColumns}). Row {@code rows[k]}
 * for {@code k < count} has time {@code times[r]}, severity code {@code severities[r]}
 * ({@link io.tributary.event.Severity#ofCode}), service {@code services[serviceIndexes[r]]} and host
 * {@code hosts[hostIndexes[r]]} (either may be null). The arrays belong to the store: read them
 * during the call only, never change them.
 */
public record ColumnBatch(long[] times, byte[] severities, String[] services, int[] serviceIndexes, String[] hosts,
    int[] hostIndexes, int[] rows, int count) {
}
