package io.tributary.ingest;

import io.tributary.http.Problem;

/** The outcome of one ingest request: accepted (at least one event durable) or refused as a whole. */
public sealed interface IngestResult {

  /** At least one event is durable in the event log. */
  record Accepted(IngestReceipt receipt) implements IngestResult {
  }

  /** Nothing was accepted; the problem says why. */
  record Refused(Problem problem) implements IngestResult {
  }
}
