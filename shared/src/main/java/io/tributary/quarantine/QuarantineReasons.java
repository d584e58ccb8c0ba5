package io.tributary.quarantine;

/**
 * Stable reason codes of quarantined frames. Operators and alerts may branch on them; never
 * rename one.
 */
public final class QuarantineReasons {

  /** The frame's bytes do not decode: damage, or a frame written by an incompatible version. */
  public static final String CORRUPT_FRAME = "corrupt_frame";
  /** Some items ingest accepted do not read back; the frame's other events were stored. */
  public static final String UNREADABLE_EVENTS = "unreadable_events";
  /** Decoding or enriching the frame failed unexpectedly (a bug); none of its events were stored. */
  public static final String DECODE_FAILED = "decode_failed";
  /** Storing or archiving the frame kept failing when it was tried alone. */
  public static final String STORE_FAILED = "store_failed";

  private QuarantineReasons() {
  }
}
