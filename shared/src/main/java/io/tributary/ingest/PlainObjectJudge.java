package io.tributary.ingest;

import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Ingest's verdict on one plain NDJSON line (ASCII, no control character in a string, no surrogate
 * escape: what {@link Utf8#scanLine} calls plain, which the judge checks itself), reached in one pass
 * over its bytes without a JSON parser, for the lines most senders send; the pass also finds where
 * the line ends. It answers only "accepted" (with the event's time) or "not sure". It is sure only
 * of an object in strict JSON that breaks none of {@link EventObjectReader}'s rules and has a
 * message; anything else (any broken rule, an array, an escape in a field name or in a value whose
 * length or text a rule reads, a time that is not ISO text or an integer, nesting past the limit)
 * it leaves to that reader, which gives the verdict and its message. So an accepted line is one the
 * reader accepts too, with the same time: {@code PlainObjectJudgeTest} holds the two to that on the
 * corpus and on random and mutated lines.
 *
 * <p>Why: reading each line's tokens through Jackson, with a symbol table for names and a token
 * per value, was half of an ingest instance's CPU (docs/benchmarks.md, issue 19), while a verdict
 * needs to know only which of about thirty names a top-level field has, and the kind and length of
 * its value.
 *
 * <p>Not thread-safe: one instance per pass.
 */
final class PlainObjectJudge {

  private static final VarHandle LONGS = Utf8.LONGS;
  private static final long QUOTES = 0x2222222222222222L;

  /** What a top-level field is, by its name (see {@link EventObjectReader}'s rules). */
  private static final int OTHER = 0;
  private static final int MESSAGE = 1;
  private static final int TIME = 2;
  private static final int LEVEL = 3;
  private static final int SEVERITY_NUMBER = 4;
  private static final int NAME = 5;
  private static final int ID = 6;
  private static final int KEPT = 7;
  private static final int ATTRIBUTES = 8;

  /**
   * The field names with a meaning, in an open-addressed table keyed by a name's length and its
   * first and last eight bytes (the same eight when it is shorter, zero-padded): a name is found
   * with two loads and a compare or two, not a string.
   */
  private static final int SLOTS = 128;
  private static final long[] FIRST = new long[SLOTS];
  private static final long[] LAST = new long[SLOTS];
  private static final int[] LENGTH = new int[SLOTS];
  private static final int[] KIND = new int[SLOTS];
  /** The longest name in the table. */
  private static final int LONGEST = 16;

  static {
    name(MESSAGE, "message", "msg", "log", "body");
    name(TIME, "timestamp", "@timestamp", "time", "ts");
    name(LEVEL, "severity", "level", "lvl", "loglevel", "severityText");
    name(SEVERITY_NUMBER, "severityNumber");
    name(NAME, "service", "service.name", "serviceName", "app", "application", "host", "hostname", "host.name");
    name(ID, "id");
    name(KEPT, "traceId", "trace_id", "traceid", "spanId", "span_id", "spanid");
    name(ATTRIBUTES, "attributes", "attrs", "fields", "labels");
  }

  private static void name(int kind, String... names) {
    for (String n : names) {
      byte[] bytes = n.getBytes(StandardCharsets.US_ASCII);
      long first = word(bytes, 0, bytes.length);
      long last = bytes.length > 8 ? word(bytes, bytes.length - 8, bytes.length) : first;
      int slot = slot(first, bytes.length);
      while (LENGTH[slot] != 0) {
        slot = (slot + 1) & (SLOTS - 1);
      }
      FIRST[slot] = first;
      LAST[slot] = last;
      LENGTH[slot] = bytes.length;
      KIND[slot] = kind;
    }
  }

  private static int slot(long first, int length) {
    return (int) (((first ^ length) * 0x9E3779B97F4A7C15L) >>> 57);
  }

  /** Up to eight bytes from {@code from} (before {@code to}) as a little-endian word, zero-padded. */
  private static long word(byte[] b, int from, int to) {
    if (to - from >= 8 && from + 8 <= b.length) {
      return (long) LONGS.get(b, from);
    }
    long w = 0;
    for (int i = Math.min(to, from + 8) - 1; i >= from; i--) {
      w = (w << 8) | (b[i] & 0xFF);
    }
    return w;
  }

  /** What the parsing methods return for a value they do not take: every caller passes it on. */
  private static final int FAIL = -1;

  private final int maxNameLength;
  private final int maxAttributes;
  private final int maxNesting;
  private byte[] b;
  private int end;
  /** Where the last escape that {@link #string} passed over began (or -1): a string held one when it is past its start. */
  private int lastEscape;
  private long timeNanos;
  private int messageLength;
  private int attributes;

  PlainObjectJudge(IngestLimits limits) {
    this.maxNameLength = limits.maxNameLength();
    this.maxAttributes = limits.maxAttributes();
    // The parser counts the event's own object too, so an object is at its depth here + 1.
    this.maxNesting = Math.min(limits.maxNesting(), Json.MAX_PARSER_DEPTH - 2);
  }

  /**
   * True when the plain line {@code [from, to)} is one JSON object (blanks around it) that ingest
   * accepts, as far as the object itself decides (the caller still checks a time too far ahead);
   * false when not sure, whatever the reason.
   */
  boolean accepts(byte[] b, int from, int to) {
    return line(b, from, to) == to;
  }

  /**
   * {@link #accepts} of the line that starts at {@code from} in a body that ends at {@code to},
   * found in the same pass: where the line ends (the index of its LF, or {@code to}) when the judge
   * accepts it, else {@link #FAIL}. The line must be plain, which the judge checks itself: a byte
   * past ASCII, a control character or a {@code \uD800}-{@code \uDFFF} escape in a string, or
   * anything but a blank outside the object, and it is not sure.
   */
  int line(byte[] b, int from, int to) {
    this.b = b;
    this.end = to;
    lastEscape = -1;
    timeNanos = LogEvent.UNSET_TIME;
    messageLength = -1;
    attributes = 0;
    try {
      int i = blanks(from);
      if (i >= to || b[i] != '{') {
        return FAIL;
      }
      i = object(i);
      if (i < 0) {
        return FAIL;
      }
      i = blanks(i);
      return (i == to || b[i] == '\n') && messageLength > 0 ? i : FAIL;
    } finally {
      this.b = null;
    }
  }

  /** The time of the last accepted object, or {@link LogEvent#UNSET_TIME} when it gave none. */
  long timeNanos() {
    return timeNanos;
  }

  /** The event's object from its '{' at {@code i}: where it ends, or {@link #FAIL}. */
  private int object(int i) {
    return members(i, 0, 0);
  }

  /**
   * The members of the object whose '{' is at {@code i}, to past its '}': at {@code depth} 0 the
   * event's own fields, judged by their names; deeper, attributes under {@code prefixLength}
   * characters and a dot (none when 0).
   */
  private int members(int i, int prefixLength, int depth) {
    i = blanks(i + 1);
    if (i < end && b[i] == '}') {
      return i + 1;
    }
    while (true) {
      int nameStart = i + 1;
      i = name(i);
      if (i < 0) {
        return FAIL;
      }
      int nameLength = i - 1 - nameStart;
      i = blanks(i);
      if (i >= end || b[i] != ':') {
        return FAIL;
      }
      i = blanks(i + 1);
      if (i >= end) {
        return FAIL;
      }
      byte c = b[i];
      if (depth == 0) {
        i = field(i, kind(nameStart, nameStart + nameLength), nameLength);
      } else if (c == 'n') {
        i = literal(i, NULL);
      } else {
        i = attribute(i, c, prefixLength == 0 ? nameLength : prefixLength + 1 + nameLength, depth);
      }
      if (i < 0) {
        return FAIL;
      }
      i = blanks(i);
      if (i >= end) {
        return FAIL;
      }
      c = b[i];
      if (c == '}') {
        return i + 1;
      }
      if (c != ',') {
        return FAIL;
      }
      i = blanks(i + 1);
    }
  }

  private int kind(int from, int to) {
    int len = to - from;
    if (len > LONGEST) {
      return OTHER;
    }
    long first;
    if (len >= 8) {
      first = (long) LONGS.get(b, from);
    } else if (from + 8 <= b.length) {
      first = (long) LONGS.get(b, from) & ((1L << (len << 3)) - 1);
    } else {
      first = word(b, from, to);
    }
    long last = len > 8 ? (long) LONGS.get(b, to - 8) : first;
    for (int slot = slot(first, len); LENGTH[slot] != 0; slot = (slot + 1) & (SLOTS - 1)) {
      if (FIRST[slot] == first && LAST[slot] == last && LENGTH[slot] == len) {
        return KIND[slot];
      }
    }
    return OTHER;
  }

  /** One top-level field's value at {@code i}, judged by what its name says it is. */
  private int field(int i, int kind, int nameLength) {
    byte c = b[i];
    if (c == 'n') {
      return literal(i, NULL); // null is the field being absent, whatever the field
    }
    int next;
    switch (kind) {
      case MESSAGE:
        next = scalar(i, c);
        if (next >= 0) {
          messageLength = c == '"' && next - i == 2 ? 0 : 1;
        }
        return next;
      case TIME:
        return time(i, c);
      case LEVEL:
        return c == '"' ? string(i) : number(i);
      case SEVERITY_NUMBER:
        return number(i);
      case NAME:
        if (c == '{') {
          return flatten(i, nameLength, 1);
        }
        next = scalar(i, c);
        if (next < 0 || lastEscape > i || (c == '"' ? next - i - 2 : next - i) > maxNameLength) {
          return FAIL;
        }
        return next;
      case ID:
        return id(i, c);
      case KEPT:
        return scalar(i, c);
      case ATTRIBUTES:
        return c == '{' ? flatten(i, 0, 1) : attribute(i, c, nameLength, 1);
      default:
        return attribute(i, c, nameLength, 1);
    }
  }

  /** A scalar at {@code i}: a string, a number, true or false (null is taken before). */
  private int scalar(int i, byte c) {
    if (c == '"') {
      return string(i);
    }
    if (c == 't') {
      return literal(i, TRUE);
    }
    if (c == 'f') {
      return literal(i, FALSE);
    }
    return number(i);
  }

  /** ISO-8601 text without escapes, or an integer of at most 18 digits; null was taken before. */
  private int time(int i, byte c) {
    long nanos;
    int next;
    if (c == '"') {
      next = string(i);
      if (next < 0 || lastEscape > i) {
        return FAIL;
      }
      nanos = Timestamps.parse(b, i + 1, next - i - 2);
    } else {
      long v = 0;
      next = i;
      while (next < end && b[next] >= '0' && b[next] <= '9' && next - i < 18) {
        v = v * 10 + (b[next++] - '0');
      }
      if (next == i || (b[i] == '0' && next - i > 1) || next < end && !endsValue(b[next])) {
        return FAIL;
      }
      nanos = Timestamps.ofEpochNumber(v);
    }
    if (nanos == LogEvent.UNSET_TIME) {
      return FAIL;
    }
    timeNanos = nanos;
    return next;
  }

  /** A string id without escapes that a client may give. */
  private int id(int i, byte c) {
    int next = c == '"' ? string(i) : FAIL;
    if (next < 0 || lastEscape > i) {
      return FAIL;
    }
    String id = new String(b, i + 1, next - i - 2, StandardCharsets.ISO_8859_1);
    return EventIds.isValidClientId(id) && !EventIds.hasServerForm(id) ? next : FAIL;
  }

  /** An attribute named by {@code keyLength} characters at {@code depth}: a scalar, or an object flattened. */
  private int attribute(int i, byte c, int keyLength, int depth) {
    if (c == '{') {
      return flatten(i, keyLength, depth + 1);
    }
    if (keyLength == 0 || keyLength > maxNameLength || ++attributes > maxAttributes) {
      return FAIL;
    }
    return scalar(i, c);
  }

  /**
   * An object at {@code i} whose fields are attributes under {@code prefixLength} characters and a
   * dot (none when 0).
   */
  private int flatten(int i, int prefixLength, int depth) {
    return depth > maxNesting ? FAIL : members(i, prefixLength, depth);
  }

  // ---- tokens ---------------------------------------------------------------------------------

  /**
   * A field name at {@code i}: a string without escapes, of at most {@code maxNameLength}
   * characters (a longer name breaks a rule, or, with a null value, may break the parser's own
   * limit on names).
   */
  private int name(int i) {
    if (i >= end || b[i] != '"') {
      return FAIL;
    }
    int next = string(i);
    return next < 0 || lastEscape > i || next - i - 2 > maxNameLength ? FAIL : next;
  }

  /**
   * A string from its opening quote at {@code i}: where it ends (past its closing quote), or
   * {@link #FAIL}. JSON's escapes, no control character. Looks at 8 bytes at a time; small enough
   * to be inlined for the common string, which ends before any escape and before the line's last
   * 8 bytes.
   */
  private int string(int i) {
    i++;
    while (i + 8 <= end) {
      long w = (long) LONGS.get(b, i);
      long q = w ^ QUOTES;
      long s = w ^ Utf8.BACKSLASHES;
      // The high bit of each byte that is a quote, a backslash, below 0x20 or past ASCII. A borrow
      // or carry only ever flags a byte above one that is flagged rightly, so the lowest flag is
      // exact: the string goes on to it at once.
      long flags = (((q - Utf8.ONES) & ~q) | ((s - Utf8.ONES) & ~s) | w | ~(w + Utf8.CONTROL_LIMIT))
          & Utf8.HIGH_BITS;
      if (flags != 0) {
        i += Long.numberOfTrailingZeros(flags) >>> 3;
        return b[i] == '"' ? i + 1 : restOfString(i);
      }
      i += 8;
    }
    return restOfString(i);
  }

  /** {@link #string} from {@code i} on, a byte at a time: escapes, control characters, the line's last bytes. */
  private int restOfString(int i) {
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          return FAIL;
        }
        byte e = b[i + 1];
        lastEscape = i;
        if (e == 'u') {
          if (i + 5 >= end || !hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])
              || (b[i + 2] | 0x20) == 'd' && Utf8.isHex8ToF(b[i + 3])) {
            return FAIL; // not hex, or a surrogate: the reader checks whether it is paired
          }
          i += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          i += 2;
        } else {
          return FAIL;
        }
        continue;
      }
      if (c < 0x20) {
        return FAIL; // a control character (or, outside a plain line, a byte past ASCII)
      }
      i++;
    }
    return FAIL;
  }

  private static boolean hex(byte c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
  }

  /** A number at {@code i} in JSON's grammar, of at most 100 characters (the parser's limit on a number's parts). */
  private int number(int i) {
    int start = i;
    if (i < end && b[i] == '-') {
      i++;
    }
    if (i >= end) {
      return FAIL;
    }
    if (b[i] == '0') {
      i++;
    } else {
      int d = digits(i);
      if (d == i) {
        return FAIL;
      }
      i = d;
    }
    if (i < end && b[i] == '.') {
      int d = digits(i + 1);
      if (d == i + 1) {
        return FAIL;
      }
      i = d;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int d = digits(i);
      if (d == i) {
        return FAIL;
      }
      i = d;
    }
    return i - start <= 100 && (i >= end || endsValue(b[i])) ? i : FAIL;
  }

  /** Past the decimal digits from {@code i}. */
  private int digits(int i) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /** What may follow a number or literal in an object: a blank, a comma or the closing brace. */
  private static boolean endsValue(byte c) {
    return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private int literal(int i, byte[] word) {
    int n = word.length;
    if (i + n > end) {
      return FAIL;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != word[k]) {
        return FAIL;
      }
    }
    i += n;
    return i >= end || endsValue(b[i]) ? i : FAIL;
  }

  /** Past the blanks from {@code i}: space, tab and CR, not LF, which ends the line. */
  private int blanks(int i) {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }
}
