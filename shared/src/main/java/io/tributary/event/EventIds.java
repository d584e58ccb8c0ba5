package io.tributary.event;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids: 128 bits, the first 48 the millisecond time and the rest random, written as 26
 * characters of Crockford base32 (the ULID layout), so that ids sort by creation time. A client
 * may send its own id instead, to make a retried event idempotent.
 */
public final class EventIds {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  /** Longest client-supplied id we keep. */
  public static final int MAX_CLIENT_ID_LENGTH = 128;

  private EventIds() {
  }

  /** A new id for an event created at {@code epochMillis}. */
  public static String next(long epochMillis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (epochMillis << 16) | (r.nextLong() & 0xFFFFL);
    long lo = r.nextLong();
    return encode(hi, lo);
  }

  /** A base for a run of ids: the 128 bits of {@link #next(long)}, as {hi, lo}. */
  public static long[] base(long epochMillis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    // Keep the low 32 bits zero so that adding a sequence number never carries into the time.
    return new long[] {(epochMillis << 16) | (r.nextLong() & 0xFFFFL), r.nextLong() & 0xFFFFFFFF00000000L};
  }

  /** The {@code seq}-th id after {@code base}: ids of one request sort in the order of its events. */
  public static String nth(long hi, long lo, int seq) {
    return encode(hi, lo + (seq & 0xFFFFFFFFL));
  }

  static String encode(long hi, long lo) {
    char[] out = new char[26];
    // 128 bits as 26 base32 digits: the first digit holds the top 3 bits.
    for (int i = 25; i >= 0; i--) {
      int digit = (int) (lo & 31);
      out[i] = ALPHABET[digit];
      lo = (lo >>> 5) | (hi << 59);
      hi >>>= 5;
    }
    return new String(out);
  }

  /**
   * The 128 bits of an id {@link #next} or {@link #nth} made, as {hi, lo}, or null when {@code id}
   * is not exactly such a string (so that encoding the bits gives {@code id} back).
   */
  public static long[] decode(String id) {
    if (id.length() != 26) {
      return null;
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 26; i++) {
      int d = digit(id.charAt(i));
      if (d < 0 || (i == 0 && d > 7)) {
        return null;
      }
      hi = (hi << 5) | (lo >>> 59);
      lo = (lo << 5) | d;
    }
    return new long[] {hi, lo};
  }

  /** The value of each Crockford base32 digit, -1 for other characters. */
  private static final byte[] DIGITS = new byte[128];

  static {
    java.util.Arrays.fill(DIGITS, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DIGITS[ALPHABET[i]] = (byte) i;
    }
  }

  private static int digit(char c) {
    return c < 128 ? DIGITS[c] : -1;
  }

  /** Writes 128 bits as an id (the inverse of {@link #decode}). */
  public static String format(long hi, long lo) {
    return encode(hi, lo);
  }

  /**
   * True when {@code id} is acceptable as a client-supplied id: 1 to 128 characters of letters,
   * digits and {@code - _ . : /}.
   */
  public static boolean isValidClientId(CharSequence id) {
    int n = id.length();
    if (n == 0 || n > MAX_CLIENT_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code id} has the form of the ids this server makes (what {@link #decode} reads: 26
   * upper-case Crockford base32 characters, the first at most 7). Clients may not send such ids:
   * that space is the server's, so no client can claim or overwrite an id the server gave out.
   */
  public static boolean hasServerForm(CharSequence id) {
    return id.length() == 26 && decode(id.toString()) != null;
  }
}
