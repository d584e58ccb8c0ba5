package io.tributary.functions.durable;

/** What replaying one day did: archived events that match, and those of them newly stored. */
public record ReplayStepResult(long read, long added) {
}
