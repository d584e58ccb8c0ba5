package io.tributary.ingest;

import io.tributary.event.TenantId;

/**
 * One ingest request as the edge received it.
 *
 * @param tenant from the caller's token
 * @param contentType the Content-Type header, nullable
 * @param contentEncoding the Content-Encoding header, nullable
 * @param body the body as sent
 * @param defaults the query parameters {@code service}, {@code host}, {@code severity}
 */
public record IngestRequest(
    TenantId tenant, String contentType, String contentEncoding, byte[] body, EventDefaults defaults) {
}
