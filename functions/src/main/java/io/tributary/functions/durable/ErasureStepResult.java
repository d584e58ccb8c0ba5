package io.tributary.functions.durable;

/** What erasing one day removed: stored copies, and for the archive the segments rewritten. */
public record ErasureStepResult(long events, int segments) {
}
