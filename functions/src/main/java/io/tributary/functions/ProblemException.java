package io.tributary.functions;

import io.tributary.http.Problem;

/** A request refused with a problem to answer as it is (a 4xx or 503); thrown out of a function's handler. */
final class ProblemException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
