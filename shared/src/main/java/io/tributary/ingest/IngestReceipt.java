package io.tributary.ingest;

import java.util.List;

/**
 * What a 202 says: how many events are durable now, and which items were rejected and why.
 *
 * @param rejectedCount all rejected items; {@code rejected} lists at most the first
 *     {@link IngestService#MAX_LISTED_REJECTIONS}
 */
public record IngestReceipt(int accepted, int rejectedCount, List<Rejection> rejected) {
}
