package io.tributary.configstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.TenantId;
import java.time.Instant;

/**
 * One recorded configuration event.
 *
 * @param stream the stream it belongs to
 * @param version its position in the stream, from 1
 * @param type what happened, e.g. {@code TenantCreated}
 * @param tenant the tenant it concerns
 * @param actor who did it: the subject of the caller's token
 * @param at when it was recorded
 * @param data the event's content (a JSON object)
 */
public record ConfigEvent(String stream, long version, String type, TenantId tenant, String actor, Instant at,
    JsonNode data) {
}
