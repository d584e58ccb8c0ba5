package io.tributary.query;

import io.tributary.http.Problem;

/** A query that cannot run as sent (400), or ran out of time (503); carries the problem to answer. */
public final class QueryException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public QueryException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  /** A 400 {@code invalid_field} naming {@code field}. */
  public static QueryException field(String field, String detail) {
    return new QueryException(Problem.of(400, "invalid_field", detail).with("field", field));
  }

  public Problem problem() {
    return problem;
  }
}
