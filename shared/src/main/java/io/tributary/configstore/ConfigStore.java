package io.tributary.configstore;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Configuration as streams of immutable events — tenants, plans and limits, alert rules — kept
 * strongly consistent by optimistic concurrency: an append names the version it expects the
 * stream to have, and exactly one of two writers that expect the same version succeeds. State is
 * never stored, only folded from a stream's events ({@link #fold}), so the events are at once the
 * data and its audit trail: nothing rewrites or deletes one.
 *
 * <p>A stream's versions count its events from 1; an empty stream has version 0. Stream names
 * are {@code kind/key} (for example {@code tenant/acme}, {@code alert/acme/01J…}), 1–200
 * characters of letters, digits and {@code - _ . : /}. Implementations are thread-safe, and an
 * append is durable when it returns.
 */
public interface ConfigStore extends AutoCloseable {

  /**
   * Appends {@code events} to {@code stream} if it is at {@code expectedVersion}; returns the
   * stream's new version.
   *
   * @throws VersionConflictException when the stream is at another version (nothing is written)
   */
  long append(String stream, long expectedVersion, List<NewConfigEvent> events)
      throws IOException, VersionConflictException;

  /** The events of {@code stream} in version order; empty for a stream that does not exist. */
  List<ConfigEvent> read(String stream) throws IOException;

  /** The names of the streams that start with {@code prefix}, sorted. */
  List<String> streams(String prefix) throws IOException;

  /**
   * Every event recorded in {@code [from, to)}, of {@code tenant} or, when it is null, of every
   * tenant, in the order they were recorded (by time, then stream and version).
   */
  List<ConfigEvent> history(TenantId tenant, Instant from, Instant to) throws IOException;

  /** The state {@code stream}'s events fold into, from {@code initial}, with its version. */
  default <S> Versioned<S> fold(String stream, S initial, StreamFold<S> fold) throws IOException {
    S state = initial;
    long version = 0;
    for (ConfigEvent e : read(stream)) {
      state = fold.apply(state, e);
      version = e.version();
    }
    return new Versioned<>(state, version);
  }

  @Override
  void close() throws IOException;

  /** True when {@code stream} is a valid stream name. */
  static boolean isValidStream(String stream) {
    if (stream == null || stream.isEmpty() || stream.length() > 200 || stream.indexOf('/') <= 0) {
      return false;
    }
    for (int i = 0; i < stream.length(); i++) {
      char c = stream.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
