package io.tributary.frame;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.util.List;

/**
 * The events of one frame: the tenant it was published for, when, and its events.
 *
 * @param unreadable items ingest accepted but that could not be read back (a bug or damage)
 * @param idHi high 64 bits of the request's id base
 * @param idLo low 64 bits of the request's id base
 * @param firstSeq sequence number of {@code events.get(0)}: event {@code k} is the request's
 *     {@code firstSeq + k}-th accepted event, the same at every delivery of the frame
 */
public record DecodedFrame(TenantId tenant, long ingestedNanos, List<LogEvent> events, int unreadable, long idHi,
    long idLo, int firstSeq) {
}
