package io.tributary.auth;

import io.tributary.http.Problem;

/** A request without a usable identity (401) or without the role it needs (403). */
public final class AuthException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public AuthException(int status, String code, String detail) {
    super(detail, null, false, false);
    this.problem = Problem.of(status, code, detail);
  }

  public Problem problem() {
    return problem;
  }
}
