package io.tributary.functions.durable;

/** Of one day, the events (distinct by time and id) that match an erasure, and for the archive the segments holding them. */
public record DayCount(long day, long events, long segments) {
}
