package io.tributary.query;

/**
 * Stable reason codes of query refusals. Clients may branch on them; never rename one.
 */
public final class QueryReasons {

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String UNKNOWN_FIELD = "unknown_field";
  public static final String INVALID_FIELD = "invalid_field";
  public static final String INVALID_CURSOR = "invalid_cursor";
  public static final String CURSOR_MISMATCH = "cursor_mismatch";
  /** The body is larger than {@link QueryRequest#MAX_BODY_BYTES}. */
  public static final String QUERY_TOO_LARGE = "query_too_large";
  /** {@code q} holds more than {@link QueryRequest#MAX_WORDS} distinct words. */
  public static final String TOO_MANY_WORDS = "too_many_words";
  /** The query ran past its deadline (503). */
  public static final String QUERY_TIMEOUT = "query_timeout";

  private QueryReasons() {
  }
}
