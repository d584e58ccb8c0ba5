package io.tributary.quarantine;

/**
 * A quarantined frame: what is known of it and its bytes, exactly as the event log delivered them.
 *
 * @param frame the frame's bytes; callers must not change them
 */
public record QuarantinedFrame(QuarantineEntry entry, byte[] frame) {

  public QuarantinedFrame {
    if (entry == null || frame == null || entry.frameBytes() != frame.length) {
      throw new IllegalArgumentException("a quarantined frame needs its entry and bytes of the size the entry says");
    }
  }

  public QuarantineKey key() {
    return entry.key();
  }
}
