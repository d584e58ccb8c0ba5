package io.tributary.ingest;

import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.Timestamps;
import io.tributary.json.Json;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Ingest's verdict on one plain NDJSON line (ASCII, no NUL, no surrogate escape: {@link Utf8#scanLine}'s
 * flags all clear), reached in one pass over its bytes without a JSON parser, for the lines most
 * senders send. It answers only "accepted" (with the event's time) or "not sure". It is sure only of
 * an object in strict JSON that breaks none of {@link EventObjectReader}'s rules and has a message;
 * anything else (any broken rule, an array, an escape in a field name or in a value whose length or
 * text a rule reads, a time that is not ISO text or an integer, nesting past the limit) it leaves to
 * that reader, which gives the verdict and its message. So an accepted line is one the reader accepts
 * too, with the same time: {@code PlainObjectJudgeTest} holds the two to that on the corpus and on
 * random and mutated lines.
 *
 * <p>Why: reading each line's tokens through Jackson, with a symbol table for names and a token
 * per value, was half of an ingest instance's CPU (docs/benchmarks.md, issue 19), while a verdict
 * needs to know only which of about thirty names a top-level field has, and the kind and length of
 * its value.
 *
 * <p>Not thread-safe: one instance per pass.
 */
final class PlainObjectJudge {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long CONTROL_LIMIT = 0x6060606060606060L;

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

  private final IngestLimits limits;
  private byte[] b;
  private int end;
  private int pos;
  /** Whether the last string {@link #string} passed over held an escape. */
  private boolean escaped;
  private long timeNanos;
  private int messageLength;
  private int attributes;

  PlainObjectJudge(IngestLimits limits) {
    this.limits = limits;
  }

  /**
   * True when the plain line {@code [from, to)} is one JSON object (blanks around it) that ingest
   * accepts, as far as the object itself decides (the caller still checks a time too far ahead);
   * false when not sure, whatever the reason.
   */
  boolean accepts(byte[] b, int from, int to) {
    this.b = b;
    this.end = to;
    this.pos = from;
    timeNanos = LogEvent.UNSET_TIME;
    messageLength = -1;
    attributes = 0;
    try {
      return object() && blanksToEnd() && messageLength > 0;
    } finally {
      this.b = null;
    }
  }

  /** The time of the last accepted object, or {@link LogEvent#UNSET_TIME} when it gave none. */
  long timeNanos() {
    return timeNanos;
  }

  private boolean object() {
    skipBlanks();
    if (!take('{')) {
      return false;
    }
    skipBlanks();
    if (take('}')) {
      return true;
    }
    do {
      skipBlanks();
      int nameStart = pos + 1;
      if (!name()) {
        return false;
      }
      int nameEnd = pos - 1;
      skipBlanks();
      if (!take(':')) {
        return false;
      }
      skipBlanks();
      if (!field(kind(nameStart, nameEnd), nameStart, nameEnd - nameStart)) {
        return false;
      }
      skipBlanks();
    } while (take(','));
    return take('}');
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

  /** One top-level field's value, judged by what its name says it is. */
  private boolean field(int kind, int nameStart, int nameLength) {
    if (pos >= end) {
      return false;
    }
    byte c = b[pos];
    if (c == 'n') {
      return literal("null"); // null is the field being absent, whatever the field
    }
    switch (kind) {
      case MESSAGE:
        if (c == '"') {
          int start = pos;
          if (!string()) {
            return false;
          }
          messageLength = pos - start == 2 ? 0 : 1;
          return true;
        }
        if (!scalar()) {
          return false;
        }
        messageLength = 1;
        return true;
      case TIME:
        return time(c);
      case LEVEL:
        return c == '"' ? string() : number();
      case SEVERITY_NUMBER:
        return number();
      case NAME:
        if (c == '{') {
          return flatten(nameLength, 1);
        }
        int start = pos;
        if (!scalar() || escaped) {
          return false;
        }
        return (c == '"' ? pos - start - 2 : pos - start) <= limits.maxNameLength();
      case ID:
        return id(c);
      case KEPT:
        return scalar();
      case ATTRIBUTES:
        return c == '{' ? flatten(0, 1) : attribute(nameLength, 1);
      default:
        return attribute(nameLength, 1);
    }
  }

  /** A scalar: a string, a number, true or false (null is taken before). */
  private boolean scalar() {
    escaped = false;
    byte c = b[pos];
    if (c == '"') {
      return string();
    }
    if (c == 't') {
      return literal("true");
    }
    if (c == 'f') {
      return literal("false");
    }
    return number();
  }

  /** ISO-8601 text without escapes, or an integer of at most 18 digits; null was taken before. */
  private boolean time(byte c) {
    int start = pos;
    long nanos;
    if (c == '"') {
      if (!string() || escaped) {
        return false;
      }
      nanos = Timestamps.parse(b, start + 1, pos - start - 2);
    } else {
      long v = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9' && pos - start < 18) {
        v = v * 10 + (b[pos++] - '0');
      }
      if (pos == start || (b[start] == '0' && pos - start > 1) || pos < end && !endsValue(b[pos])) {
        return false;
      }
      nanos = Timestamps.ofEpochNumber(v);
    }
    if (nanos == LogEvent.UNSET_TIME) {
      return false;
    }
    timeNanos = nanos;
    return true;
  }

  /** A string id without escapes that a client may give. */
  private boolean id(byte c) {
    int start = pos;
    if (c != '"' || !string() || escaped) {
      return false;
    }
    String id = new String(b, start + 1, pos - start - 2, StandardCharsets.ISO_8859_1);
    return EventIds.isValidClientId(id) && !EventIds.hasServerForm(id);
  }

  /** An attribute named by {@code keyLength} characters at {@code depth}: a scalar, or an object flattened. */
  private boolean attribute(int keyLength, int depth) {
    if (b[pos] == '{') {
      return flatten(keyLength, depth + 1);
    }
    if (!scalar()) {
      return false;
    }
    return keyLength > 0 && keyLength <= limits.maxNameLength() && ++attributes <= limits.maxAttributes();
  }

  /** An object's fields as attributes under {@code prefixLength} characters and a dot (none when 0). */
  private boolean flatten(int prefixLength, int depth) {
    // The parser counts the event's own object too, so this object is at its depth + 1.
    if (depth > limits.maxNesting() || depth + 1 >= Json.MAX_PARSER_DEPTH) {
      return false;
    }
    pos++; // the '{'
    skipBlanks();
    if (take('}')) {
      return true;
    }
    do {
      skipBlanks();
      int nameStart = pos + 1;
      if (!name()) {
        return false;
      }
      int nameLength = pos - 1 - nameStart;
      skipBlanks();
      if (!take(':')) {
        return false;
      }
      skipBlanks();
      if (pos >= end) {
        return false;
      }
      if (b[pos] == 'n') {
        if (!literal("null")) {
          return false;
        }
      } else if (!attribute(prefixLength == 0 ? nameLength : prefixLength + 1 + nameLength, depth)) {
        return false;
      }
      skipBlanks();
    } while (take(','));
    return take('}');
  }

  // ---- tokens ---------------------------------------------------------------------------------

  /**
   * A field name: a string without escapes, of at most {@code maxNameLength} characters (a longer
   * name breaks a rule, or, with a null value, may break the parser's own limit on names).
   */
  private boolean name() {
    int start = pos;
    return pos < end && b[pos] == '"' && string() && !escaped && pos - start - 2 <= limits.maxNameLength();
  }

  /**
   * A string from its opening quote to past its closing one, with JSON's escapes and no control
   * character; sets {@link #escaped}. Looks at 8 bytes at a time; small enough to be inlined for
   * the common string, which ends before any escape and before the line's last 8 bytes.
   */
  private boolean string() {
    int i = pos + 1;
    if (i + 8 <= end) {
      do {
        long w = (long) LONGS.get(b, i);
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        // The high bit of each byte that is a quote, a backslash, below 0x20 or past ASCII. A borrow
        // or carry only ever flags a byte above one that is flagged rightly, so the lowest flag is
        // exact: the string goes on to it at once.
        long flags = (((q - ONES) & ~q) | ((s - ONES) & ~s) | w | ~(w + CONTROL_LIMIT)) & HIGH_BITS;
        if (flags != 0) {
          i += Long.numberOfTrailingZeros(flags) >>> 3;
          if (b[i] == '"') {
            escaped = false;
            pos = i + 1;
            return true;
          }
          break;
        }
        i += 8;
      } while (i + 8 <= end);
    }
    escaped = false;
    return restOfString(i);
  }

  /** {@link #string} from {@code i} on, a byte at a time: escapes, control characters, the line's last bytes. */
  private boolean restOfString(int i) {
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        return true;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          return false;
        }
        byte e = b[i + 1];
        if (e == 'u') {
          if (i + 5 >= end || !hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])) {
            return false;
          }
          i += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          i += 2;
        } else {
          return false;
        }
        escaped = true;
        continue;
      }
      if (c < 0x20) {
        return false; // a control character (or, outside a plain line, a byte past ASCII)
      }
      i++;
    }
    return false;
  }

  private static boolean hex(byte c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
  }

  /** A number in JSON's grammar, of at most 100 characters (the parser's limit on a number's parts). */
  private boolean number() {
    int start = pos;
    if (pos < end && b[pos] == '-') {
      pos++;
    }
    if (pos >= end) {
      return false;
    }
    if (b[pos] == '0') {
      pos++;
    } else if (!digits()) {
      return false;
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      if (!digits()) {
        return false;
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (!digits()) {
        return false;
      }
    }
    return pos - start <= 100 && (pos >= end || endsValue(b[pos]));
  }

  /** One or more decimal digits. */
  private boolean digits() {
    int start = pos;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos > start;
  }

  /** What may follow a number or literal in an object: a blank, a comma or the closing brace. */
  private static boolean endsValue(byte c) {
    return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private boolean literal(String word) {
    int n = word.length();
    if (pos + n > end) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        return false;
      }
    }
    pos += n;
    return pos >= end || endsValue(b[pos]);
  }

  private boolean take(char c) {
    if (pos < end && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipBlanks() {
    while (pos < end && Lines.isSpace(b[pos])) {
      pos++;
    }
  }

  private boolean blanksToEnd() {
    skipBlanks();
    return pos == end;
  }
}
