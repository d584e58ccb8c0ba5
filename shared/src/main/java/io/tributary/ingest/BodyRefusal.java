package io.tributary.ingest;

import io.tributary.http.Problem;

/**
 * A body refused as a whole, with the problem to answer: it cannot be decoded, its structure
 * cannot be read, or it holds more items than a request may. Thrown by an {@link IngestFormat}
 * and by the body's decoding; never for one bad item, which is a {@link Rejection}.
 */
public final class BodyRefusal extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public BodyRefusal(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  /** A 400 with {@code code} and {@code detail}. */
  public static BodyRefusal badRequest(String code, String detail) {
    return new BodyRefusal(Problem.of(400, code, detail));
  }

  public Problem problem() {
    return problem;
  }
}
