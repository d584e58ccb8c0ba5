package io.tributary.local.isolation;

/**
 * One attempt of tenant B (or of an operator, where the row says so) at tenant A's data through one
 * method of one function, and the checks of what came back.
 *
 * @param method the HTTP method it calls, or "-" for a function with no HTTP trigger
 * @param who who calls, in words ("bravo, user roles", "bravo, tenants.admin", "no token")
 * @param tries what it tries, in words
 */
record Probe(String method, String who, String tries, Check check) {

  /** Runs the probe against the seeded world; asserts, and says what it saw. */
  @FunctionalInterface
  interface Check {
    Seen run(IsolationWorld w) throws Exception;
  }
}
