package io.tributary.ingest;

/**
 * Splits a body into lines for the line formats (NDJSON, text, objects one per line): at LF, a CR
 * before it dropped; lines of only spaces, tabs and CRs are not items but count in the line
 * numbers, which are the items' indexes. A UTF-8 byte-order mark at the start is skipped.
 */
final class Lines {

  /** What a line format does with one line. */
  @FunctionalInterface
  interface Reader {
    /**
     * Reads line {@code index}, bytes {@code [from, to)}; {@code flags} ({@link Utf8#scanLine})
     * say which checks can fail.
     */
    void line(byte[] b, int from, int to, int index, int flags, BodyReading r);
  }

  private Lines() {
  }

  static void read(byte[] b, BodyReading r, Reader reader) throws BodyRefusal {
    int start = bomLength(b);
    for (int line = 0; start < b.length; line++) {
      start = readOne(b, start, line, r, reader) + 1;
    }
  }

  /**
   * Reads line {@code line}, which starts at {@code start}, unless it is blank or the reading
   * passes over it; returns where it ends (the index of its LF, or the body's length).
   */
  static int readOne(byte[] b, int start, int line, BodyReading r, Reader reader) throws BodyRefusal {
    // One pass finds the line's end and what in it the checks must look at.
    long scan = Utf8.scanLine(b, start, b.length);
    int stop = (int) scan;
    int flags = (int) (scan >>> 32);
    int lineEnd = withoutCr(b, start, stop);
    if (!isBlank(b, start, lineEnd) && r.begin(line)) {
      reader.line(b, start, lineEnd, line, flags, r);
    }
    return stop;
  }

  /** The end of the line {@code [start, stop)} without the CR before its LF, if it has one. */
  static int withoutCr(byte[] b, int start, int stop) {
    return stop > start && b[stop - 1] == '\r' ? stop - 1 : stop;
  }

  static int bomLength(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
  }

  static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isSpace(b[i])) {
        return false;
      }
    }
    return true;
  }
}
