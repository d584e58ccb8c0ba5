package io.tributary.process;

/**
 * A frame as delivered by the event log, with its coordinates.
 *
 * @param partition the event-log partition
 * @param offset the frame's offset (Event Hubs sequence number, Kafka offset, journal position)
 */
public record SourceFrame(int partition, long offset, byte[] frame) {
}
