package io.tributary.functions.durable;

import java.util.List;

/**
 * What {@link ExportPartActivity} wrote.
 *
 * @param more whether events may follow (the part stopped at its most events)
 * @param firstTime time of the part's first event ({@code Long.MIN_VALUE} when empty)
 * @param lastTime time of its last event; with {@code lastId} where the next part starts
 * @param columns the CSV columns (chosen by the first part), null for other formats
 */
public record ExportPartResult(int index, long events, long bytes, boolean more, long firstTime, long lastTime,
    String lastId, List<String> columns) {
}
