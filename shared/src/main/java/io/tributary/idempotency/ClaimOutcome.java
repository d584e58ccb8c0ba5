package io.tributary.idempotency;

/** What {@link ClientIdLedger#claim} answers for one claim. */
public enum ClaimOutcome {
  /** The owner holds the id: it claimed it now, or it had claimed it before (a redelivery). */
  FIRST,
  /** Another delivery holds the id with the same content: a client's retry; drop it. */
  REPEAT,
  /** Another delivery holds the id with other content: drop it (first write wins) and count it. */
  CONFLICT;

  /** True when the event is to be stored. */
  public boolean keeps() {
    return this == FIRST;
  }
}
