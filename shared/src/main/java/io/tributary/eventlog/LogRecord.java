package io.tributary.eventlog;

/**
 * One record of a partition: a frame and where it sits.
 *
 * @param offset this record's offset
 * @param nextOffset the offset to commit once this record is processed
 * @param payload the frame bytes; callers must not change them
 */
public record LogRecord(int partition, long offset, long nextOffset, byte[] payload) {
}
