package io.tributary.process;

/**
 * What one processed batch did.
 *
 * @param events events decoded, enriched and upserted
 * @param segmentsWritten archive segments written
 * @param framesAlreadyArchived frames found archived by an earlier delivery and not written again
 * @param corruptFrames frames that could not be decoded (a bug or damage; reported, not retried)
 */
public record BatchResult(int events, int segmentsWritten, int framesAlreadyArchived, int corruptFrames) {
}
