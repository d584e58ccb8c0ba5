package io.tributary.configstore;

/** An append expected a stream version the stream no longer (or not yet) has; nothing was written. */
public final class VersionConflictException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String stream;
  private final long expected;
  private final long actual;

  public VersionConflictException(String stream, long expected, long actual) {
    super("stream " + stream + " is at version " + (actual < 0 ? "unknown" : actual) + ", not " + expected
        + ": read it again and retry", null, false, false);
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }

  public String stream() {
    return stream;
  }

  public long expected() {
    return expected;
  }

  /** The stream's version, or -1 when the store did not say. */
  public long actual() {
    return actual;
  }
}
