package io.tributary.ingest;

/** Where lines end in a body, for the formats of other packages whose items are lines (bulk, syslog). */
public final class LineEnds {

  private LineEnds() {
  }

  /** The index of the first LF in {@code [from, to)} of {@code b}, or {@code to} (8 bytes at a time). */
  public static int next(byte[] b, int from, int to) {
    return Utf8.indexOfNewline(b, from, to);
  }
}
