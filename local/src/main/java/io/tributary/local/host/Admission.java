package io.tributary.local.host;

import io.tributary.auth.Principal;
import io.tributary.http.Problem;
import java.io.IOException;

/**
 * What the host asks once a request's token is verified and before it reads the body: whether
 * the caller may go on into the function (tenant standing, an ingest tenant's rate limit). Asked
 * on the worker pool, since it may block on the tenant directory or a shared limiter.
 */
@FunctionalInterface
public interface Admission {

  /** Lets everyone whose token passed in. */
  Admission ALL = (function, caller) -> null;

  /** Null when the body may be read, else the problem to answer with the body unread. */
  Problem admit(String function, Principal caller) throws IOException;
}
