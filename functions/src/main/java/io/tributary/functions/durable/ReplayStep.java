package io.tributary.functions.durable;

/** The input of {@link ReplayDayActivity}: one ingest day of one replay. */
public record ReplayStep(ReplayJob job, long day) {
}
