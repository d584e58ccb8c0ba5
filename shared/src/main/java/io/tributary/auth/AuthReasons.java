package io.tributary.auth;

/**
 * Stable codes of the 401, 403 and 503 answers about tokens ({@code Problem.code}). Clients may branch
 * on them; never rename one.
 */
public final class AuthReasons {

  /** No Authorization header, or an empty one. */
  public static final String MISSING_TOKEN = "missing_token";
  /** Not a Bearer JWT, a bad signature, or claims (issuer, audience, tenant) not accepted. */
  public static final String INVALID_TOKEN = "invalid_token";
  /** Past its {@code exp}. */
  public static final String TOKEN_EXPIRED = "token_expired";
  /** No {@code iat}: how long the token lives cannot be told. */
  public static final String TOKEN_WITHOUT_ISSUE_TIME = "token_without_issue_time";
  /** {@code exp - iat} longer than the longest lifetime accepted. */
  public static final String TOKEN_LIFETIME_TOO_LONG = "token_lifetime_too_long";
  /** {@code iat} later than now, beyond the clock skew allowed. */
  public static final String TOKEN_ISSUED_IN_FUTURE = "token_issued_in_future";
  /** A valid token without the role the call needs (403). */
  public static final String MISSING_ROLE = "missing_role";
  /**
   * The token's signature cannot be checked because the identity provider's keys (its JWKS) cannot
   * be fetched (503, with Retry-After): the sender did nothing wrong and may retry as it is.
   */
  public static final String IDENTITY_PROVIDER_UNAVAILABLE = "identity_provider_unavailable";

  private AuthReasons() {
  }
}
