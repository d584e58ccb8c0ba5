package io.tributary.idempotency;

import java.io.IOException;
import java.util.List;

/**
 * Remembers, per tenant, which delivery first claimed each event id a client supplied, so that a
 * client's retry of an event — with or without a timestamp, in a new request, after a lost 202 —
 * is recognised and dropped before it reaches the store and the archive: identity is
 * (tenant, id) and the first write wins.
 *
 * <p>A delivery is named by an {@link IdClaim#owner owner} that is the same every time processing
 * reads the same frame (the request's id base and the event's sequence number), so a frame
 * processed again after a crash claims its ids again successfully and nothing it held is lost.
 * A claim is durable when {@link #claim} returns: processing claims, then stores, then archives,
 * then checkpoints.
 *
 * <p>Claims are kept for a window (at least the adapter's configured idempotency window, counted
 * from the first claim); a retry later than that is a new event. Ids the server assigns are never
 * claimed: they are unique by construction and the server's id space is closed to clients.
 * Implementations are thread-safe; concurrent claims of one (tenant, id) by different owners give
 * exactly one {@link ClaimOutcome#FIRST}.
 */
public interface ClientIdLedger extends AutoCloseable {

  /**
   * Claims each id for its owner and answers, in the order of {@code claims}, whether the owner
   * holds it. Within one call, a later claim of an id an earlier claim of the call took by another
   * owner is a repeat.
   */
  List<ClaimOutcome> claim(List<IdClaim> claims) throws IOException;

  @Override
  void close() throws IOException;
}
