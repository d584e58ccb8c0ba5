package io.tributary.quarantine;

/**
 * The event-log coordinates of a quarantined frame, which identify it: a redelivered frame has
 * the same ones. Named {@code PPPP-OOOOOOOOOOOOOOOOOOOO} (partition and offset, zero-padded, so
 * names sort as keys do), e.g. {@code 0003-00000000000000001234}.
 */
public record QuarantineKey(int partition, long offset) implements Comparable<QuarantineKey> {

  public QuarantineKey {
    if (partition < 0 || partition > 9999 || offset < 0) {
      throw new IllegalArgumentException("bad frame coordinates " + partition + "/" + offset);
    }
  }

  public String name() {
    return String.format("%04d-%020d", partition, offset);
  }

  /**
   * The key {@code text} names: a {@link #name()}, or the short {@code 3-1234} / {@code 3:1234}.
   *
   * @throws IllegalArgumentException when it names none
   */
  public static QuarantineKey parse(String text) {
    String t = text.trim();
    int sep = t.indexOf('-') > 0 ? t.indexOf('-') : t.indexOf(':');
    if (sep <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not a quarantine id (partition-offset, e.g. 3-1234)");
    }
    try {
      return new QuarantineKey(Integer.parseInt(t.substring(0, sep)), Long.parseLong(t.substring(sep + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a quarantine id (partition-offset, e.g. 3-1234)");
    }
  }

  @Override
  public int compareTo(QuarantineKey o) {
    int c = Integer.compare(partition, o.partition);
    return c != 0 ? c : Long.compare(offset, o.offset);
  }

  @Override
  public String toString() {
    return name();
  }
}
