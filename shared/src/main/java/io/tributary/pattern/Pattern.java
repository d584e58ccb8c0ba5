package io.tributary.pattern;

/**
 * The pattern a line belongs to.
 *
 * @param id stable id of the pattern's cluster: 12 hex digits of a hash of the masked tokens of
 *     the line that founded the cluster. The cluster keeps it while its template generalises, so
 *     every line mined into the cluster, before or after, carries the same id; and a cluster
 *     founded again by the same line (after a restart without state, or after eviction) gets it
 *     back.
 * @param template the cluster's current template: its tokens joined by single spaces, with
 *     {@value #WILDCARD} where lines differ or a token is variable
 */
public record Pattern(String id, String template) {

  /** Marks a variable part in a template. */
  public static final String WILDCARD = "<*>";
}
