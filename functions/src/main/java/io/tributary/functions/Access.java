package io.tributary.functions;

import io.tributary.auth.Role;
import java.util.Objects;

/**
 * What a caller must present to reach one function: nothing ({@link Kind#PUBLIC}), a token that
 * holds a role ({@link Kind#TOKEN}), any valid token ({@link Kind#SIGNED_IN}: the function then
 * scopes what it shows by the caller's roles), or no way in at all over HTTP because the function
 * runs from a trigger ({@link Kind#TRIGGER}). An entry of {@link RouteAccess}.
 *
 * @param role the role a token must hold; null unless {@code kind} is {@link Kind#TOKEN}
 */
public record Access(Kind kind, Role role) {

  /** How a function is reached. */
  public enum Kind {
    /** Over HTTP by anyone, no token needed. */
    PUBLIC,
    /** Over HTTP with a valid token that holds {@link Access#role()}. */
    TOKEN,
    /** Over HTTP with any valid token; what the function shows depends on the caller's tenant and roles. */
    SIGNED_IN,
    /** Not over HTTP: the host runs it from its trigger (the event log). */
    TRIGGER
  }

  public Access {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.TOKEN) != (role != null)) {
      throw new IllegalArgumentException("a role goes with TOKEN access, and only there");
    }
  }

  public static Access anyone() {
    return new Access(Kind.PUBLIC, null);
  }

  public static Access tokenWith(Role role) {
    return new Access(Kind.TOKEN, Objects.requireNonNull(role, "role"));
  }

  public static Access signedIn() {
    return new Access(Kind.SIGNED_IN, null);
  }

  public static Access triggerOnly() {
    return new Access(Kind.TRIGGER, null);
  }

  /** Whether a request without a valid token is refused (401) before the function runs. */
  public boolean needsToken() {
    return kind == Kind.TOKEN || kind == Kind.SIGNED_IN;
  }
}
