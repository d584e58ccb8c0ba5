package io.tributary.local.host;

/**
 * Stable reason codes of the answers the local HTTP host gives itself, before or instead of a
 * function (the functions' own are in {@code Reasons} and {@code QueryReasons}). Clients may
 * branch on them; never rename one.
 */
public final class HostReasons {

  public static final String BAD_REQUEST = "bad_request";
  public static final String NOT_FOUND = "not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String BODY_TOO_LARGE = "body_too_large";
  public static final String OVERLOADED = "overloaded";
  public static final String INTERNAL_ERROR = "internal_error";
  /** The request line and headers, or the body, stopped arriving in time (408). */
  public static final String REQUEST_TIMEOUT = "request_timeout";
  /** Transfer-Encoding where chunked is not the final coding, appears twice, or in HTTP/1.0 (400). */
  public static final String INVALID_TRANSFER_ENCODING = "invalid_transfer_encoding";
  /** A transfer coding other than chunked (501). */
  public static final String UNSUPPORTED_TRANSFER_ENCODING = "unsupported_transfer_encoding";
  /** Both Content-Length and Transfer-Encoding (400, RFC 9112 §6.1). */
  public static final String CONFLICTING_BODY_LENGTH = "conflicting_body_length";
  /** An Expect other than 100-continue (417). */
  public static final String UNSUPPORTED_EXPECTATION = "unsupported_expectation";
  /** The host serves as many connections as it may (503). */
  public static final String TOO_MANY_CONNECTIONS = "too_many_connections";

  private HostReasons() {
  }
}
