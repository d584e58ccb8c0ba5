package io.tributary.erasure;

/**
 * What an erasure did to the archive segments of one ingest day.
 *
 * @param events stored copies removed from segments
 * @param segmentsRewritten segments replaced by a rewrite without those events (or deleted, when
 *     nothing else was in them)
 */
public record ArchiveErasure(long events, int segmentsRewritten) {
}
