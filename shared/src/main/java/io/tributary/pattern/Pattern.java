package io.tributary.pattern;

/**
 * The pattern a line belongs to.
 *
 * @param id the id of the template: 12 hex digits of a hash of its tokens
 *     ({@link PatternMiner#idOf(String)}), the same in every process and across restarts. When the
 *     template generalises the pattern takes the new template's id and keeps the old one as a
 *     former id, which still resolves to it ({@link PatternMiner#resolve},
 *     {@link MinerRegistry#equivalentIds}); a query by either id finds the lines of both.
 * @param template the cluster's current template: its tokens joined by single spaces, with
 *     {@value #WILDCARD} where lines differ or a token is variable
 */
public record Pattern(String id, String template) {

  /** Marks a variable part in a template. */
  public static final String WILDCARD = "<*>";
}
