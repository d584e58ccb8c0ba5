package io.tributary.auth;

import io.tributary.http.Problem;

/**
 * A request without a usable identity (401), without the role it needs (403), or whose identity
 * cannot be checked now (503).
 */
public final class AuthException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public AuthException(int status, String code, String detail) {
    super(detail, null, false, false);
    this.problem = Problem.of(status, code, detail);
  }

  /** Answers {@code problem}, e.g. one with a {@code retryAfterSeconds} extension. */
  public AuthException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
