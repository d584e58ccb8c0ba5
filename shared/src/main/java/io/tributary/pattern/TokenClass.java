package io.tributary.pattern;

/**
 * The general classes of variable tokens. None belongs to one source; together they replace the
 * per-source regular expressions other miners need. Whole-token classes turn the token's core
 * (inside any brackets, quotes and trailing punctuation, which are kept) into one
 * {@value Pattern#WILDCARD}; {@link #NUMBERED} works inside a token.
 */
enum TokenClass {

  /** A value after {@code key=}: {@code uid=10037} becomes {@code uid=<*>}, {@code tag="View Lock",} {@code tag=<*>,}. */
  KEY_VALUE,
  /** A quoted single word: {@code 'sparkExecutorActorSystem'} becomes {@code '<*>'}. */
  QUOTED,
  /** A URL: {@code https://example.com/a?b=1}. */
  URL,
  /**
   * A file path: {@code /etc/httpd/conf/workers2.properties}, a relative one with two or more
   * slashes ({@code conf/extra/ssl.conf}), {@code ~/x/y}, {@code C:\Windows\winsxs\x.dll}.
   */
  PATH,
  /** A UUID: {@code b9000564-fe1a-409b-b8cc-1e88b294cd1d}. */
  UUID,
  /** A host name and port: {@code proxy.cse.cuhk.edu.hk:5070}, {@code www.google.com:443}. */
  HOST_PORT,
  /** What lies beyond the miner's {@code maxTokenChars} in a longer token: payloads, base64, dumps. */
  LONG,
  /**
   * Any run of letters and digits that contains a digit, inside a token: numbers, hex, ids, IPs,
   * ports, versions. Its minus sign goes with it, and variable runs joined by {@code . : - _ /}
   * merge into one, and so do lists of them ({@code 10.11.10.1,10.11.21.137}): {@code blk_-6952295868487656571} becomes {@code blk_<*>},
   * {@code 10.251.73.220:50010} {@code <*>}, {@code 0x1f} {@code <*>}, {@code core.1234}
   * {@code core.<*>}, {@code appattempt_1445144423722_0020_000001} {@code appattempt_<*>},
   * {@code [173.234.31.186]} {@code [<*>]}.
   */
  NUMBERED;

  /** The whole-token class of the core {@code [start, end)} of a token, or null. */
  static TokenClass wholeTokenClass(String s, int start, int end, boolean quoted) {
    int len = end - start;
    if (len <= 0) {
      return null;
    }
    if (quoted) {
      return QUOTED;
    }
    char c = s.charAt(start);
    if (count(s, start, end, '/') >= 2 && indexOf(s, start, end, "://") < 0
        || c == '~' && len > 2 && s.charAt(start + 1) == '/'
        || len > 3 && isLetter(c) && s.charAt(start + 1) == ':' && s.charAt(start + 2) == '\\') {
      return PATH;
    }
    if (indexOf(s, start, end, "://") > 0) {
      return URL;
    }
    if (len == 36 && s.charAt(start + 8) == '-' && s.charAt(start + 13) == '-' && s.charAt(start + 18) == '-'
        && s.charAt(start + 23) == '-' && hexOrDash(s, start, end)) {
      return UUID;
    }
    return null;
  }

  /**
   * {@code label.label...:port}: lower-case labels of letters, digits and {@code -}, a last label of
   * 2 to 10 letters, a port of digits ({@code Class.method:123} stack frames are not hosts).
   */
  static boolean isHostPort(String s, int start, int end) {
    int colon = end - 1;
    while (colon > start && s.charAt(colon) != ':') {
      colon--;
    }
    if (colon <= start || colon >= end - 1 || colon - start > 253) {
      return false;
    }
    for (int i = colon + 1; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    int dots = 0;
    int lastLabel = 0;
    char prev = '.';
    for (int i = start; i < colon; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (prev == '.') {
          return false;
        }
        dots++;
        lastLabel = 0;
      } else if (c >= 'a' && c <= 'z') {
        lastLabel = lastLabel >= 0 ? lastLabel + 1 : lastLabel;
      } else if ((c >= '0' && c <= '9') || c == '-') {
        lastLabel = -1;
      } else {
        return false;
      }
      prev = c;
    }
    return dots >= 1 && lastLabel >= 2 && lastLabel <= 10;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int count(String s, int start, int end, char c) {
    int n = 0;
    for (int i = start; i < end; i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static int indexOf(String s, int start, int end, String what) {
    int last = end - what.length();
    for (int i = start; i <= last; i++) {
      if (s.startsWith(what, i)) {
        return i - start;
      }
    }
    return -1;
  }

  private static boolean hexOrDash(String s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (!(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
