package io.tributary.eventlog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Reads one partition of an {@link EventLog} for one consumer group. Records come in offset
 * order, only once durable. Nothing is committed until {@link #commit}: a consumer that stops
 * without committing gets the same records again next time (at-least-once). Not thread-safe.
 */
public interface PartitionConsumer extends AutoCloseable {

  int partition();

  /**
   * The next records after the last one returned (or after the committed offset, at first),
   * waiting up to {@code timeout} for at least one. Returns at most about {@code maxBytes} of
   * payload, but always at least one record when one is available.
   */
  List<LogRecord> poll(int maxBytes, Duration timeout) throws IOException, InterruptedException;

  /** Records durably that the group has processed everything before {@code nextOffset}. */
  void commit(long nextOffset) throws IOException;

  /** Starts reading again from the committed offset (after a failed batch). */
  void rewind() throws IOException;

  @Override
  void close() throws IOException;
}
