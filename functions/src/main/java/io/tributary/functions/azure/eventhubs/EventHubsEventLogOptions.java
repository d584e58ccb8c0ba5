package io.tributary.functions.azure.eventhubs;

import java.time.Duration;

/**
 * How an {@link EventHubsEventLog} sends and waits.
 *
 * @param maxRetries how many times a batch (or its creation) is tried again after a transient
 *     failure before the publish fails
 * @param minBackoff the first wait before a retry; each further retry doubles it, with jitter
 * @param maxBackoff the longest wait between two tries
 * @param serverBusyDelay added to the wait after a {@code com.microsoft:server-busy} answer, as
 *     Event Hubs asks (the SDK's own retry policy waits 4 s)
 * @param tryTimeout how long one send may take before it counts as a transient failure
 * @param receiveBatch most events one poll of a partition consumer asks the service for
 */
public record EventHubsEventLogOptions(
    int maxRetries,
    Duration minBackoff,
    Duration maxBackoff,
    Duration serverBusyDelay,
    Duration tryTimeout,
    int receiveBatch) {

  public EventHubsEventLogOptions {
    if (maxRetries < 0 || receiveBatch < 1) {
      throw new IllegalArgumentException("maxRetries must be >= 0 and receiveBatch >= 1");
    }
  }

  /** 6 retries from 200 ms up to 10 s (about 30 s in all, inside ingest's publish timeout), 4 s extra on server-busy. */
  public static EventHubsEventLogOptions defaults() {
    return new EventHubsEventLogOptions(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(4),
        Duration.ofSeconds(20), 100);
  }

  public EventHubsEventLogOptions withBackoff(Duration min, Duration max, Duration serverBusy) {
    return new EventHubsEventLogOptions(maxRetries, min, max, serverBusy, tryTimeout, receiveBatch);
  }

  public EventHubsEventLogOptions withTryTimeout(Duration timeout) {
    return new EventHubsEventLogOptions(maxRetries, minBackoff, maxBackoff, serverBusyDelay, timeout, receiveBatch);
  }

  public EventHubsEventLogOptions withMaxRetries(int retries) {
    return new EventHubsEventLogOptions(retries, minBackoff, maxBackoff, serverBusyDelay, tryTimeout, receiveBatch);
  }
}
