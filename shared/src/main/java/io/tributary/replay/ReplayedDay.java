package io.tributary.replay;

/**
 * What replaying one ingest day of the archive did.
 *
 * @param read archived events of the day that match (each id once)
 * @param added those of them the store did not hold, now stored
 */
public record ReplayedDay(long read, long added) {
}
