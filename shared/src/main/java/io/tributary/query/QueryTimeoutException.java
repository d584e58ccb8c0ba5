package io.tributary.query;

import java.io.IOException;
import java.time.Duration;

/**
 * A store gave up on a query because its {@link QueryDeadline} passed. An {@link IOException} so
 * that it passes through the {@link io.tributary.store.LogStore} port unchanged;
 * {@link QueryService} answers it with 503 {@code query_timeout}.
 */
public final class QueryTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  public QueryTimeoutException(Duration budget) {
    super("the query did not finish within " + (budget == null ? "its deadline" : budget.toMillis() + " ms"));
  }
}
