package io.tributary.functions;

import io.tributary.auth.Principal;
import java.util.Optional;

/**
 * A request whose bearer token the host has already verified, with this app's
 * {@link FunctionApp#tokens() verifier}, against its {@link RouteAccess} entry before reading the
 * body, and admitted with {@link FunctionApp#admitBeforeBody} (tenant standing, rate-limit peek).
 * A function takes the caller from it instead of verifying the same token again; it still checks
 * the role it needs. Only the local host makes such requests.
 */
public interface VerifiedRequest {

  /** The caller the request's {@code Authorization} header names; empty when the host did not verify it. */
  Optional<Principal> verifiedCaller();

  /**
   * Whether the host writes a response whose body is an {@link io.tributary.http.EventStream} as it
   * comes (the local host does); the Functions host buffers every response, so there a function answers
   * with a finite body instead.
   */
  default boolean streamsResponses() {
    return false;
  }
}
