package io.tributary.frame;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.util.List;

/**
 * The events of one frame: the tenant it was published for, when, and its events.
 *
 * @param unreadable items ingest accepted but that could not be read back (a bug or damage)
 */
public record DecodedFrame(TenantId tenant, long ingestedNanos, List<LogEvent> events, int unreadable) {
}
