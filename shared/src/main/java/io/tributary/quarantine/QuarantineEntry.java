package io.tributary.quarantine;

import io.tributary.event.TenantId;
import java.time.Instant;

/**
 * What is known of a quarantined frame, besides its bytes.
 *
 * @param key the frame's event-log coordinates
 * @param tenant whose frame it is, or null when its header does not say
 * @param reason why it was quarantined, one of {@link QuarantineReasons}
 * @param message what went wrong, for the operator (at most {@value #MAX_MESSAGE} characters)
 * @param attempts deliveries of the frame's batch that had failed when it was quarantined, this one included
 * @param quarantinedAt when
 * @param events events of the frame that were not stored, or -1 when the frame does not decode
 * @param frameBytes size of the frame
 */
public record QuarantineEntry(QuarantineKey key, TenantId tenant, String reason, String message, int attempts,
    Instant quarantinedAt, int events, int frameBytes) {

  /** Longer messages are cut: they are exception texts, and travel in blob metadata. */
  public static final int MAX_MESSAGE = 1000;

  public QuarantineEntry {
    if (key == null || reason == null || quarantinedAt == null) {
      throw new IllegalArgumentException("a quarantine entry needs its key, reason and time");
    }
    message = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
  }
}
