package io.tributary.archive;

import io.tributary.event.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The immutable record of every processed event, for replay and audit (Blob Storage, or a local
 * directory tree with the same names). Segments are written once and never changed; compaction
 * replaces runs of small segments by one that holds the same events (see {@link ArchiveCompactor}).
 * Thread-safe.
 */
public interface ArchiveStore extends AutoCloseable {

  /**
   * Writes a segment unless one with this key exists. Durable when this returns.
   *
   * @return true when written, false when the segment was already there (its content is left as is)
   */
  boolean append(SegmentKey key, byte[] content) throws IOException;

  /** A segment's bytes, written as they are produced (a merge writes a large segment this way). */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * As {@link #append(SegmentKey, byte[])}, with the content streamed: a store that can write it as
   * it comes (a file) never holds it whole; this default gathers it first. When the segment is
   * already there, the content may or may not have been produced, and nothing is written.
   */
  default boolean append(SegmentKey key, Content content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    content.writeTo(out);
    return append(key, out.toByteArray());
  }

  /** The tenant's segments whose hour lies in {@code [fromHour, toHour]}, sorted by name. */
  List<SegmentKey> list(TenantId tenant, long fromHour, long toHour) throws IOException;

  /**
   * Removes a segment: only compaction does, once a merged segment holding the same events is
   * durable. Durable when this returns.
   *
   * @return true when there was such a segment
   */
  boolean delete(SegmentKey key) throws IOException;

  /** A segment's bytes, or empty when there is no such segment. */
  Optional<byte[]> get(SegmentKey key) throws IOException;

  @Override
  void close() throws IOException;
}
