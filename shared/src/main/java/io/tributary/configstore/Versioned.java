package io.tributary.configstore;

/** A folded state and the version of the stream it reflects (its {@code ETag}). */
public record Versioned<S>(S state, long version) {
}
