package io.tributary.functions.durable;

/** The input of {@link ApplyRetentionActivity}: one tenant of one archival run. */
public record RetentionTask(String run, String tenant, String day) {
}
