package io.tributary.ingest;

import io.tributary.http.Problem;
import io.tributary.limits.RateDecision;

/** The outcome of one ingest request: accepted (at least one event durable) or refused as a whole. */
public sealed interface IngestResult {

  /**
   * At least one event is durable in the event log.
   *
   * @param rate what the rate limiter answered when the events were taken; null when unlimited
   * @param report the format's own report of the items ({@link IngestFormat#report}), or null
   */
  record Accepted(IngestReceipt receipt, RateDecision rate, FormatReport report) implements IngestResult {
    public Accepted(IngestReceipt receipt) {
      this(receipt, null, null);
    }

    public Accepted(IngestReceipt receipt, RateDecision rate) {
      this(receipt, rate, null);
    }
  }

  /**
   * Nothing was accepted; the problem says why.
   *
   * @param report the format's report of the items when the body was read (every item rejected),
   *     else null
   */
  record Refused(Problem problem, FormatReport report) implements IngestResult {
    public Refused(Problem problem) {
      this(problem, null);
    }
  }
}
