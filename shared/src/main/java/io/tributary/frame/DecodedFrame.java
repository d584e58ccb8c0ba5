package io.tributary.frame;

import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.util.List;

/** The contents of one frame: the tenant it was published for, when, and its events. */
public record DecodedFrame(TenantId tenant, long ingestedNanos, List<LogEvent> events) {
}
