package io.tributary.ingest;

import io.tributary.event.TenantId;
import io.tributary.http.Problem;

/**
 * Whether ingest may take more now. Owned by ingest, implemented by the runtime that knows its
 * resources (processing lag, free disk), so that an overloaded service answers 503 with
 * Retry-After instead of growing memory or losing data. Implementations are thread-safe and cheap:
 * they are asked once per request.
 */
@FunctionalInterface
public interface IngestGate {

  /** Lets everything in. */
  IngestGate OPEN = tenant -> null;

  /** Null when {@code tenant}'s request may proceed, else the problem to answer (503 or 429). */
  Problem refuse(TenantId tenant);

  /**
   * Tells the gate that {@code tenant}'s request was made durable as {@code frames} frames of
   * {@code bytes} bytes in all, so that it can tell who wrote a backlog (in whichever of the two
   * units its event log counts offsets). Cheap; called once per accepted request.
   */
  default void published(TenantId tenant, int frames, long bytes) {
  }
}
