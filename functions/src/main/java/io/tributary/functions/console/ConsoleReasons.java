package io.tributary.functions.console;

/** Stable reason codes of the console's routes (the Console function's and the local host's). Never rename one. */
public final class ConsoleReasons {

  /** A local session asked for over a connection that is not from this machine (403). */
  public static final String NOT_LOOPBACK = "not_loopback";
  /** A local session asked for by a page of another origin, or through a name that is not loopback (403). */
  public static final String CROSS_ORIGIN = "cross_origin";
  /** A local session without a valid tenant id (400). */
  public static final String INVALID_TENANT = "invalid_tenant";
  /** No file of the console at that path (404). */
  public static final String NOT_FOUND = "not_found";
  /** The console's files are not in this build (404). */
  public static final String CONSOLE_NOT_BUILT = "console_not_built";

  private ConsoleReasons() {
  }
}
