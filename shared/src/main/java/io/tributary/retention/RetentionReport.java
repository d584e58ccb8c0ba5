package io.tributary.retention;

import java.util.List;

/**
 * What one archival run did for one tenant: the record audited, and the activity's output.
 *
 * @param tenant the tenant
 * @param day the day the run applied the retention for (ISO date, UTC)
 * @param hotDays the tenant's days in the hot store
 * @param coldDays the tenant's days in the archive
 * @param daysDropped days (ISO dates) of events dropped from the hot store
 * @param eventsDropped stored copies those days held
 * @param daysKept days due to leave the hot store but kept there because the archive lacks some of
 *     their events (never drop what is not archived)
 * @param eventsUnarchived events of {@code daysKept} the archive lacks
 * @param segmentsDeleted archive segments deleted, older than {@code coldDays}
 * @param segmentsRetiered archive segments moved to another access tier
 */
public record RetentionReport(String tenant, String day, int hotDays, int coldDays, List<String> daysDropped,
    long eventsDropped, List<String> daysKept, long eventsUnarchived, int segmentsDeleted, int segmentsRetiered) {

  public RetentionReport {
    daysDropped = List.copyOf(daysDropped);
    daysKept = List.copyOf(daysKept);
  }

  /** True when the run changed or held back anything, which is then audited. */
  public boolean acted() {
    return !daysDropped.isEmpty() || !daysKept.isEmpty() || segmentsDeleted > 0 || segmentsRetiered > 0;
  }
}
