package io.tributary.ingest;

import io.tributary.http.Problem;
import io.tributary.limits.RateDecision;

/** The outcome of one ingest request: accepted (at least one event durable) or refused as a whole. */
public sealed interface IngestResult {

  /**
   * At least one event is durable in the event log.
   *
   * @param rate what the rate limiter answered when the events were taken; null when unlimited
   */
  record Accepted(IngestReceipt receipt, RateDecision rate) implements IngestResult {
    public Accepted(IngestReceipt receipt) {
      this(receipt, null);
    }
  }

  /** Nothing was accepted; the problem says why. */
  record Refused(Problem problem) implements IngestResult {
  }
}
