package io.tributary.query;

import io.tributary.event.LogEvent;
import java.util.List;

/** One page of results, and the cursor of the next (null when there is none). */
public record QueryPage(List<LogEvent> events, String nextCursor) {
}
