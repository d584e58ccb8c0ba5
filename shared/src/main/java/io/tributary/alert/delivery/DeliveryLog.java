package io.tributary.alert.delivery;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.util.List;

/**
 * The history of alert deliveries: every attempt and its outcome, per tenant and rule, behind
 * {@code GET /api/alerts/{id}/deliveries}; the dead letters are the attempts whose outcome is
 * {@link DeliveryOutcome#DEAD_LETTER}. Implementations are thread-safe, a recorded attempt is
 * durable when {@link #record} returns (for the durable ones), and they may keep only the newest
 * attempts of each rule (at least 1,000 per rule unless configured lower).
 */
public interface DeliveryLog extends AutoCloseable {

  void record(DeliveryAttempt attempt) throws IOException;

  /** {@code ruleId}'s attempts in {@code tenant}, the last recorded first, at most {@code limit}. */
  List<DeliveryAttempt> attempts(TenantId tenant, String ruleId, int limit) throws IOException;

  /** {@code tenant}'s dead letters of every rule, the last recorded first, at most {@code limit}. */
  List<DeliveryAttempt> deadLetters(TenantId tenant, int limit) throws IOException;

  @Override
  default void close() throws IOException {
  }
}
