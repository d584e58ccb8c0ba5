package io.tributary.tail;

import io.tributary.http.Problem;

/** A tail refused, with the problem to answer (429 {@code too_many_tails}, 400 {@code invalid_since}). */
public final class TailException extends Exception {

  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public TailException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
