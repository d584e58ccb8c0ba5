package io.tributary.tenancy;

import io.tributary.http.Problem;

/** A tenant operation that cannot be done as asked; carries the problem to answer (400, 404, 409, 412). */
public final class TenantException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public TenantException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  static TenantException invalid(String field, String detail) {
    return new TenantException(Problem.of(400, "invalid_tenant", detail).with("field", field));
  }

  public Problem problem() {
    return problem;
  }
}
