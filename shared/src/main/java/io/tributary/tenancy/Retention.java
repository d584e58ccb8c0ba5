package io.tributary.tenancy;

/**
 * How long a tenant's events are kept.
 *
 * @param hotDays days events stay in the hot store, queryable at full speed
 * @param coldDays days events stay in the archive (counted from ingest), at least {@code hotDays}
 */
public record Retention(int hotDays, int coldDays) {

  public Retention {
    if (hotDays < 1 || coldDays < hotDays || coldDays > 3650) {
      throw new IllegalArgumentException("retention needs 1 <= hotDays <= coldDays <= 3650");
    }
  }
}
