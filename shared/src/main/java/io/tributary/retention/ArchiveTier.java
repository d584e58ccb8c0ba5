package io.tributary.retention;

import io.tributary.tenancy.Retention;

/**
 * The storage tier of an archive segment (Blob access tiers; the local archive has one). All are
 * online: a segment can be read in any of them, so exports and replays reach it without
 * rehydration (the Blob {@code Archive} tier is offline and not used).
 */
public enum ArchiveTier {
  HOT, COOL, COLD;

  /** Days in the cool tier before the cold one, counted after the hot days: Blob's cool tier's 30-day minimum. */
  public static final int COOL_DAYS = 30;

  /**
   * The tier a segment of a tenant with {@code retention} belongs in when its ingest day is
   * {@code ageDays} days before today: hot while its events are hot, cool for {@link #COOL_DAYS}
   * days more, cold until it is deleted after {@code coldDays}.
   */
  public static ArchiveTier forAge(long ageDays, Retention retention) {
    if (ageDays < retention.hotDays()) {
      return HOT;
    }
    return ageDays < (long) retention.hotDays() + COOL_DAYS ? COOL : COLD;
  }
}
