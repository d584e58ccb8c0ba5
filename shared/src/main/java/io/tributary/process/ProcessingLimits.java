package io.tributary.process;

/**
 * What one processing call may hold and how often it tries. A delivered batch is processed in
 * sub-batches of at most {@code maxBatchDecodedBytes} decoded payload and {@code maxBatchEvents}
 * events (a frame larger than either is processed alone: its size is bounded by the ingest limits),
 * so a batch of small compressed frames that expand a thousandfold cannot exhaust the heap.
 *
 * @param maxAttempts deliveries of a failing batch processed as a whole; the next one processes it
 *     frame by frame and quarantines the frames that still fail
 * @param maxBatchDecodedBytes decoded payload bytes of the frames of one sub-batch
 * @param maxBatchEvents events of one sub-batch
 */
public record ProcessingLimits(int maxAttempts, int maxBatchDecodedBytes, int maxBatchEvents) {

  public ProcessingLimits {
    if (maxAttempts < 1 || maxBatchDecodedBytes < 1 || maxBatchEvents < 1) {
      throw new IllegalArgumentException("processing limits must be positive: " + maxAttempts + ", "
          + maxBatchDecodedBytes + ", " + maxBatchEvents);
    }
  }

  /**
   * 2 attempts as a whole (with the host's backoff of 1 s and 2 s, a poison batch holds its
   * partition about 3 s); sub-batches of 16 MiB decoded and 65,536 events (about 40 MiB of heap).
   */
  public static ProcessingLimits defaults() {
    return new ProcessingLimits(2, 16 << 20, 65_536);
  }
}
