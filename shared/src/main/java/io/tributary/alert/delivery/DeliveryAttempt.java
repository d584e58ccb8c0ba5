package io.tributary.alert.delivery;

import io.tributary.event.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a rule's delivery history: an attempt and what came of it, or a delivery that was
 * never tried ({@code attempt} 0: overflow).
 *
 * @param target the URL without query, fragment or user info ({@link NotifyTarget#redactedUrl}):
 *     a Logic App URL's query holds its secret {@code sig}
 * @param attempt 1 for the first try; 0 when none was made
 * @param at when the attempt started
 * @param status the HTTP status; 0 when there was no answer
 * @param failure null when there was an answer, else a {@link FailureKind#code}
 * @param detail a short explanation; nullable
 * @param nextAttemptAt when the next try is due; null unless {@code outcome} is RETRYING
 */
public record DeliveryAttempt(
    TenantId tenant,
    String ruleId,
    String deliveryId,
    String target,
    int attempt,
    Instant at,
    DeliveryOutcome outcome,
    int status,
    String failure,
    String detail,
    long durationMillis,
    Instant nextAttemptAt) {

  public DeliveryAttempt {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
  }
}
