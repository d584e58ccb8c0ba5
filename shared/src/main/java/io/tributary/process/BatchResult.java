package io.tributary.process;

/**
 * What one processed batch did.
 *
 * @param events events decoded, enriched and upserted
 * @param segmentsWritten archive segments written
 * @param framesAlreadyArchived frames found archived by an earlier delivery and not written again
 * @param quarantinedFrames frames put in the quarantine instead of (or, for unreadable items,
 *     besides) being stored: they did not decode, or failed when tried alone
 * @param quarantinedEvents events of those frames that were not stored (where known)
 * @param subBatches store and archive writes the batch took (more than one when its decoded size
 *     or event count exceeded the processing limits, or when it was processed frame by frame)
 */
public record BatchResult(int events, int segmentsWritten, int framesAlreadyArchived, int quarantinedFrames,
    int quarantinedEvents, int subBatches) {
}
