package io.tributary.query;

/** A place in a result's sort order: the last event a page returned. */
public record Position(long timeNanos, String id) {
}
