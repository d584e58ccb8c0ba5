package io.tributary.alert.delivery;

import io.tributary.http.Problem;

/** A notify target a rule may not have (400); carries the problem to answer. */
public final class NotifyTargetException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public NotifyTargetException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
