package io.tributary.configstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.TenantId;
import java.time.Instant;

/** An event to append: what {@link ConfigEvent} holds but the stream and version the store gives it. */
public record NewConfigEvent(String type, TenantId tenant, String actor, Instant at, JsonNode data) {
}
