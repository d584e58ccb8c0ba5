package io.tributary.query;

/**
 * Stable reason codes of query refusals. Clients may branch on them; never rename one.
 */
public final class QueryReasons {

  public static final String MALFORMED_JSON = "malformed_json";
  /** A JSON field the query does not know, or a {@code name:} in {@code q} that cannot be a field name. */
  public static final String UNKNOWN_FIELD = "unknown_field";
  public static final String INVALID_FIELD = "invalid_field";
  public static final String INVALID_CURSOR = "invalid_cursor";
  public static final String CURSOR_MISMATCH = "cursor_mismatch";
  /** The body is larger than {@link QueryRequest#MAX_BODY_BYTES}, or {@code q} longer than {@link QueryParser#MAX_LENGTH}. */
  public static final String QUERY_TOO_LARGE = "query_too_large";
  /**
   * Once: {@code q} held more than 32 distinct words. No longer sent since {@code q} is a language
   * ({@link #QUERY_TOO_COMPLEX}); kept so that no one reuses the code.
   */
  public static final String TOO_MANY_WORDS = "too_many_words";
  /** {@code q} cannot be parsed; the message names the column and what was expected there. */
  public static final String INVALID_QUERY = "invalid_query";
  /** A range in {@code q} is empty (its bounds inverted) or compares with something that is not a number. */
  public static final String INVALID_RANGE = "invalid_range";
  /** {@code q} holds more terms, or nests deeper, than {@link QueryParser} allows. */
  public static final String QUERY_TOO_COMPLEX = "query_too_complex";
  /** Two fields that cannot go together, such as {@code last} with {@code from} or {@code to}. */
  public static final String CONFLICTING_FIELDS = "conflicting_fields";
  /** An aggregation's histogram interval is not "auto" nor a duration such as 1m. */
  public static final String INVALID_INTERVAL = "invalid_interval";
  /** An aggregation's histogram would have more than 1,000 buckets: a longer interval, or "auto". */
  public static final String TOO_MANY_BUCKETS = "too_many_buckets";
  /** An aggregation's metric names a field that is not a numeric attribute (severity, message…). */
  public static final String INVALID_METRIC = "invalid_metric";
  /** The query ran past its deadline (503). */
  public static final String QUERY_TIMEOUT = "query_timeout";

  private QueryReasons() {
  }
}
