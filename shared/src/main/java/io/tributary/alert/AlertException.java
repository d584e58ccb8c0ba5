package io.tributary.alert;

import io.tributary.http.Problem;

/** An alert-rule operation that cannot be done as asked; carries the problem to answer (400, 404, 409, 412). */
public final class AlertException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public AlertException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  /** A 400 {@code invalid_alert} naming the field to fix. */
  static AlertException invalid(String field, String detail) {
    return new AlertException(Problem.of(400, "invalid_alert", detail).with("field", field));
  }

  /** A 404 {@code alert_not_found}: no such rule for this tenant (another tenant's rule is not found either). */
  public static AlertException notFound(String id) {
    return new AlertException(Problem.of(404, "alert_not_found", "there is no alert rule '" + id
        + "' for this tenant; GET /api/alerts lists them"));
  }

  public Problem problem() {
    return problem;
  }
}
