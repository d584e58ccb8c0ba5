package io.tributary.quarantine;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where processing keeps the frames it could not store, so that it may checkpoint past them
 * without losing them: a frame that does not decode, or whose store or archive write kept failing
 * (a Blob container in Azure, a folder under the data dir locally). An operator lists them and,
 * after a fix, replays them ({@code ./tributary quarantine list|replay}), which re-publishes each
 * to its tenant's partition and removes it from here.
 *
 * <p>A frame is known by its event-log coordinates ({@link QuarantineKey}: partition, offset):
 * putting the same coordinates twice, as a redelivered poison frame does, keeps the first and
 * reports that nothing was added. Every write is durable when it returns; a caller checkpoints
 * past a frame only after {@link #put} returned. Implementations are thread-safe.
 */
public interface Quarantine extends AutoCloseable {

  /**
   * Keeps {@code frame} unless a frame with its coordinates is already kept. Durable when this
   * returns.
   *
   * @return true when written, false when those coordinates were already there (left as they are)
   */
  boolean put(QuarantinedFrame frame) throws IOException;

  /** What is kept, without the frames' bytes, ordered by partition then offset. */
  List<QuarantineEntry> list() throws IOException;

  /** A kept frame with its bytes, or empty when none has those coordinates. */
  Optional<QuarantinedFrame> get(QuarantineKey key) throws IOException;

  /**
   * Removes a frame once it has been replayed (its bytes are back in the event log). Durable when
   * this returns.
   *
   * @return true when there was such a frame
   */
  boolean remove(QuarantineKey key) throws IOException;

  @Override
  void close() throws IOException;
}
