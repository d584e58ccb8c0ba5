package io.tributary.ingest;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.tributary.event.EventIds;
import io.tributary.event.Severity;
import io.tributary.frame.FrameCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Arbitrary ingest requests: every known field and alias (and other keys) with arbitrary JSON
 * values (strings with escapes, unicode, pairs and lone surrogates; numbers of every size and
 * precision; booleans, nulls, arrays and objects nested at every depth; repeated keys), every body
 * shape (NDJSON, JSON array, {@code {"events":[…]}}, objects one per line as application/json,
 * text lines), byte-order marks, CRLF, blank and broken lines, every Content-Encoding (identity;
 * gzip, also in two members; zstd at several levels, in two frames, after a skippable frame, or
 * streamed without a content size), limits from the defaults down to tiny ones, and frame bounds
 * small enough that bodies take the items layouts.
 *
 * <p>A case is a function of a {@link Random}: the same seed gives the same case, which is what
 * lets {@code loadtest/run fuzz-ingest --seed S} and the property test reproduce a failure. (The
 * generator is plain code over a Random rather than jqwik combinators, which cost 10-15 ms a case
 * here against well under one; the property test hands it jqwik's Random.)
 */
public final class IngestCases {

  /** Every field name the decoder gives a meaning to. */
  public static final List<String> KNOWN_FIELDS = List.of("message", "msg", "log", "body", "timestamp",
      "@timestamp", "time", "ts", "severity", "level", "lvl", "loglevel", "severityText", "severityNumber",
      "service", "service.name", "serviceName", "app", "application", "host", "hostname", "host.name", "id",
      "traceId", "trace_id", "traceid", "spanId", "span_id", "spanid", "attributes", "attrs", "fields", "labels");

  public static final List<String> SHAPES = List.of("ndjson", "json-lines", "json-array", "json-events", "text");

  private static final String[] MESSAGE = {"message", "msg", "log", "body"};
  private static final String[] TIME = {"timestamp", "@timestamp", "time", "ts"};
  private static final String[] LEVEL = {"severity", "level", "lvl", "loglevel", "severityText", "severityNumber"};
  private static final String[] NAMES = {"service", "service.name", "serviceName", "app", "application", "host",
      "hostname", "host.name"};
  private static final String[] TRACE = {"traceId", "trace_id", "traceid", "spanId", "span_id", "spanid"};
  private static final String[] ATTRIBUTES = {"attributes", "attrs", "fields", "labels"};

  private static final String SERVER_ID = EventIds.format(0x0192_5A3B_4C5DL << 16 | 0x1234, 0x0123_4567_89AB_CDEFL);

  private static final String[] WORDS = {
      "info", "INFO", "Warn", "warning", "err", "error", "ERROR", "debug", "fatal", "trace", "notice", "crit",
      "7", "30", "50", "99999999999", "", " ", "NaN", "Infinity", "-Infinity", "null", "true", "1e400",
      "2026-11-25T07:59:00.123Z", "2026-11-25 07:59:00,5", "2026-11-25T07:59:00+01:00", "2026-11-25T07:59:00-0130",
      "2026-11-25", "2031-01-01T00:00:00Z", "1764057540", "1764057540.25", "1764057540123", "50000000000",
      "9223372036854775807", "2026-13-01T00:00:00Z", "yesterday", "2026-11-25T07:59:00.Z",
      SERVER_ID, SERVER_ID.toLowerCase(java.util.Locale.ROOT), "c-" + SERVER_ID, "order-17:attempt",
      "has space", "x".repeat(129), "ünï", "a.b/c:d_e-f",
  };

  private static final String[] NUMBERS = {
      "0", "-0", "1", "-1", "3", "7", "8", "10", "17", "24", "25", "30", "60", "61", "2147483647", "2147483648",
      "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
      "-9223372036854775809", "99999999999", "1764057540", "1764057540123", "1764057540123456",
      "1764057540123456789", "9223372036", "9223372037", "9223372036854", "9223372036855", "50000000000",
      "0.0", "-0.0", "0e5", "0E-5", "1.5", "30.0", "30.5", "1e400", "-1e400", "1e-400", "-1e-400", "4.9e-324",
      "2.5e-324", "1.7976931348623157e308", "1.7976931348623159e308", "1764057540.25", "1.76405754e9",
      "1.76405754E12", "123456789012345678901234567890", "0.1000000000000000000000000001",
  };

  private static final String[] ODD_KEYS = {"", "a.", ".", "k\uD800", "\uDC00", "ключ", "日本", "\uD83D\uDE00",
      "k\u0000", "a b", "\"q\"", "x".repeat(257), "y".repeat(41), "message ", "Message", "events"};

  private static final String[] NAME_VALUES = {"api", "web-1", "", "ünï", "x".repeat(257), "s\uD800", "\uD83D\uDE00"};

  private static final String[] GARBAGE = {
      "{\"message\":", "{} {}", "{\"message\":\"a\"} x", "{\"message\":\"a\"}{\"message\":\"b\"}", "not json",
      "{\"a\":1,}", "\"str\"", "{'a':1}", "{\"message\":\"a\",}", "{\"message\" \"a\"}", "[", "]", "{\"\\x\":1}",
      "{\"message\":\"\\u12\"}", "{\"message\":01}", "{\"message\":NaN}", "{\"message\":1.}",
      "\uFEFF{\"message\":\"a\"}", "{\"message\":\"a\"", "{\"message\":\"a\"}}",
  };

  private static final byte[][] ODD_LINES = {{(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {'a', '\r', 'b'}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFF, (byte) 0xFE}, {0}, {'\r'}};

  private final Random r;
  /** A hostile case holds lone surrogates, broken lines and invalid bytes; the others are plain (but still odd). */
  private final boolean hostile;
  /** A plain case is written in ASCII, without surrogate escapes: what ingest judges on its fast path. */
  private final boolean ascii;

  private IngestCases(Random r, boolean hostile, boolean ascii) {
    this.r = r;
    this.hostile = hostile;
    this.ascii = ascii;
  }

  /** One arbitrary request: three in ten hostile, three in ten plain (ASCII only, as most logs are). */
  public static IngestCase next(Random r) {
    int k = r.nextInt(10);
    return new IngestCases(r, k < 3, k >= 7).build();
  }

  private IngestCase build() {
    String shape = SHAPES.get(r.nextInt(SHAPES.size()));
    String contentType;
    byte[] raw;
    if (shape.equals("text")) {
      contentType = pick("text/plain", "text/plain; charset=utf-8", "text/plain;charset=\"US-ASCII\"");
      raw = textBody();
    } else {
      contentType = shape.equals("ndjson")
          ? pick("application/x-ndjson", "application/jsonl", "application/x-ndjson; charset=utf-8")
          : pick("application/json", "application/json; charset=UTF-8");
      raw = jsonBody(shape);
    }
    String how = encoding();
    byte[] sent = encode(how, raw, r);
    String encoding = how.startsWith("gzip") ? pick("gzip", "x-gzip", "GZIP") : how.startsWith("zstd") ? "zstd"
        : pick(null, null, "identity");
    IngestLimits limits = IngestLimits.defaults();
    int bound = FrameCodec.MAX_FRAME_BYTES;
    int k = r.nextInt(10);
    if (k >= 4) {
      bound = k < 8 ? between(600, 6000) : FrameCodec.MAX_FRAME_BYTES;
      limits = k < 7 ? new IngestLimits(limits.maxBodyBytes(), limits.maxDecodedBytes(), limits.maxEvents(),
          bound / 3, limits.maxAttributes(), limits.maxNameLength(), limits.maxNesting(), limits.maxFutureNanos(),
          limits.maxExpansion())
          : new IngestLimits(limits.maxBodyBytes(), limits.maxDecodedBytes(), between(1, 200),
              Math.min(between(16, 4096), bound / 3), between(0, 10), between(1, 40), between(1, 5),
              limits.maxFutureNanos(), between(2, 2000));
    }
    return new IngestCase(shape, contentType, encoding, raw, sent, defaults(), limits, bound);
  }

  // ---- bodies --------------------------------------------------------------------------------

  /** Mostly a few items, sometimes many (past small frame bounds and event limits), sometimes none. */
  private int itemCount() {
    int k = r.nextInt(30);
    return k < 20 ? between(1, 10) : k < 26 ? between(11, 40) : k < 29 ? between(41, 150) : 0;
  }

  private byte[] jsonBody(String shape) {
    boolean lines = shape.equals("ndjson") || shape.equals("json-lines");
    int n = itemCount();
    List<GenJson> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(lines ? lineItem() : arrayElement());
    }
    GenJson.Bytes out = new GenJson.Bytes();
    if (r.nextInt(8) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    if (lines) {
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.writeBytes(r.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
        new GenJson.Writer(out, r.nextLong(), false).ascii(ascii).value(items.get(i));
      }
    } else {
      GenJson.Writer w = new GenJson.Writer(out, r.nextLong(), true).ascii(ascii);
      GenJson array = new GenJson.Arr(items);
      if (shape.equals("json-array")) {
        w.value(array);
      } else {
        List<GenJson.Field> fields = new ArrayList<>();
        fields.add(new GenJson.Field("events", array));
        int extra = r.nextInt(3);
        for (int i = 0; i < extra; i++) {
          fields.add(new GenJson.Field(r.nextInt(6) == 0 ? "events" : key(), value(2)));
        }
        w.value(new GenJson.Obj(fields));
      }
    }
    if (r.nextBoolean()) {
      out.writeBytes(r.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n', '\n'});
    }
    return out.toByteArray();
  }

  /** An NDJSON line: mostly an event object, sometimes anything else. */
  private GenJson lineItem() {
    int k = r.nextInt(48);
    if (k < 40) {
      return event();
    } else if (k < 42) {
      return value(2);
    } else if (k < 44) {
      return hostile ? new GenJson.Raw(pick(GARBAGE)) : event();
    } else if (k < 45) {
      return deep();
    }
    return new GenJson.Raw(pick("", "  ", "\t", " \t ", "\r"));
  }

  /** An element of a JSON array: mostly an event object; rarely something that breaks the whole body. */
  private GenJson arrayElement() {
    int k = r.nextInt(110);
    if (k < 100) {
      return event();
    } else if (k < 106) {
      return value(2);
    } else if (k < 109) {
      return deep();
    }
    return hostile ? new GenJson.Raw(pick(GARBAGE)) : event();
  }

  /** Nesting from 3 to 300 levels: past the per-event limit, and sometimes past the parser's own. */
  private GenJson deep() {
    int n = hostile && r.nextInt(4) == 0 ? between(250, 300) : between(3, 30);
    GenJson v = new GenJson.Num("1");
    for (int i = 0; i < n; i++) {
      v = r.nextBoolean() ? new GenJson.Arr(List.of(v)) : new GenJson.Obj(List.of(new GenJson.Field("d", v)));
    }
    return new GenJson.Obj(List.of(new GenJson.Field("message", new GenJson.Str("deep")), new GenJson.Field(
        r.nextBoolean() ? "nest" : pick(ATTRIBUTES), v)));
  }

  /** An event object: usually a message, then any fields (known ones, their aliases, others), keys may repeat. */ GenJson event() {
    int n = r.nextInt(9);
    List<GenJson.Field> fields = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      fields.add(field());
    }
    if (r.nextInt(20) < 17) {
      fields.add(r.nextInt(fields.size() + 1), new GenJson.Field(pick(MESSAGE), new GenJson.Str(text())));
    }
    if (r.nextInt(10) == 0 && !fields.isEmpty()) {
      fields.add(fields.get(r.nextInt(fields.size())));
    }
    return new GenJson.Obj(fields);
  }

  /** A field: a known one (or an alias) with values typical of it or anything, or another key with anything. */
  private GenJson.Field field() {
    int k = r.nextInt(17);
    if (k < 2) {
      return new GenJson.Field(pick(MESSAGE), r.nextInt(5) < 3 ? new GenJson.Str(text()) : value(2));
    } else if (k < 4) {
      return new GenJson.Field(pick(TIME), typical());
    } else if (k < 6) {
      return new GenJson.Field(pick(LEVEL), typical());
    } else if (k < 8) {
      String name = pick(NAME_VALUES);
      GenJson v = r.nextBoolean() && (hostile || EventObjectReader.loneSurrogate(name) < 0) ? new GenJson.Str(name)
          : value(2);
      return new GenJson.Field(pick(NAMES), v);
    } else if (k < 9) {
      return new GenJson.Field("id", typical());
    } else if (k < 10) {
      return new GenJson.Field(pick(TRACE), typical());
    } else if (k < 11) {
      return new GenJson.Field(pick(ATTRIBUTES), value(3));
    }
    return new GenJson.Field(key(), value(3));
  }

  /** A value typical of time, level and id fields, or anything. */
  private GenJson typical() {
    int k = r.nextInt(6);
    return k < 2 ? new GenJson.Str(pick(WORDS)) : k < 4 ? new GenJson.Num(pick(NUMBERS)) : value(2);
  }

  private String key() {
    int k = r.nextInt(40);
    if (k < 20) {
      return KNOWN_FIELDS.get(r.nextInt(KNOWN_FIELDS.size()));
    } else if (k < 34) {
      return chars(1, 12, "abcdefghijklmnopqrstuvwxyz_.-@");
    } else if (k < 36) {
      String key = pick(ODD_KEYS);
      return hostile || EventObjectReader.loneSurrogate(key) < 0 ? key : "odd";
    }
    return string();
  }

  // ---- values --------------------------------------------------------------------------------

  /** Any JSON value nested at most {@code depth} deep. */ GenJson value(int depth) {
    int k = r.nextInt(10);
    if (depth <= 0 || k < 8) {
      return scalar();
    }
    int n = r.nextInt(5);
    if (k == 8) {
      List<GenJson> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(value(depth - 1));
      }
      return new GenJson.Arr(items);
    }
    List<GenJson.Field> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fields.add(new GenJson.Field(key(), value(depth - 1)));
    }
    return new GenJson.Obj(fields);
  }

  private GenJson scalar() {
    int k = r.nextInt(11);
    if (k < 5) {
      return new GenJson.Str(string());
    } else if (k < 9) {
      return new GenJson.Num(number());
    } else if (k < 10) {
      return new GenJson.Bool(r.nextBoolean());
    }
    return new GenJson.Null();
  }

  /** Readable log text, sometimes with escapes, unicode and surrogate pairs. */
  private String text() {
    return r.nextInt(4) < 3 ? chars(1, 60, null) : string();
  }

  private String string() {
    int k = r.nextInt(40);
    if (k < 12) {
      return chars(0, 24, null);
    } else if (k < 20) {
      return pick(WORDS);
    } else if (k < 28) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(17);
      for (int i = 0; i < n; i++) {
        int c = r.nextInt(5);
        b.append(c == 0 ? (char) r.nextInt(0x20) : c == 1 ? (char) between(0xA0, 0x24F)
            : c == 2 ? (char) between(0x4E00, 0x4E2F) : pick("\"", "\\", "/", "\u2028", "\uFEFF", "\uFFFF",
                "\u007F", "a").charAt(0));
      }
      return b.toString();
    } else if (k < 32) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        b.appendCodePoint(between(0x10000, 0x10FFFF));
      }
      return b.toString();
    } else if (k < 33 && hostile) {
      // Surrogates in any order: lone ones, pairs, and halves of pairs next to text.
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(5);
      for (int i = 0; i < n; i++) {
        b.append((char) (r.nextInt(3) == 0 ? 'a' : between(0xD7F0, 0xE010)));
      }
      return b.toString();
    } else if (k < 34) {
      return "abcdefghij é".repeat(between(20, 300));
    }
    return chars(20, 80, null);
  }

  /** Printable ASCII ({@code alphabet} null) or the given characters. */
  private String chars(int min, int max, String alphabet) {
    int n = between(min, max);
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet == null ? (char) between(' ', '~') : alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  private String number() {
    int k = r.nextInt(12);
    if (k < 3) {
      return pick(NUMBERS);
    } else if (k < 6) {
      return Long.toString(r.nextLong() >> r.nextInt(64));
    } else if (k < 8) {
      return Integer.toString(between(-100, 100));
    } else if (k < 9) {
      return (r.nextBoolean() ? "-" : "") + between(1, 9) + chars(18, 110, "0123456789");
    }
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      b.append('-');
    }
    b.append(r.nextInt(4) == 0 ? "0" : between(1, 9) + chars(0, 12, "0123456789"));
    if (r.nextInt(4) != 0) {
      b.append('.').append(chars(1, 30, "0123456789"));
    }
    if (r.nextInt(3) == 0) {
      b.append(pick("e", "E", "e+", "e-", "E-")).append(r.nextInt(1000));
    }
    return b.toString();
  }

  // ---- text/plain ----------------------------------------------------------------------------

  private byte[] textBody() {
    int n = itemCount();
    GenJson.Bytes out = new GenJson.Bytes();
    if (r.nextInt(8) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.writeBytes(r.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      }
      int k = r.nextInt(15);
      if (k < 10) {
        cesu(out, string());
      } else if (k < 11) {
        cesu(out, text() + "\u0000" + text());
      } else if (k < 12 && hostile) {
        byte[] b = new byte[r.nextInt(25)];
        r.nextBytes(b);
        out.writeBytes(b);
      } else if (k < 13 && hostile) {
        cesu(out, text());
        out.writeBytes(ODD_LINES[r.nextInt(ODD_LINES.length)]);
      } else {
        out.writeBytes(pick("", "   ", "\t", "\r").getBytes(StandardCharsets.UTF_8));
      }
    }
    if (r.nextBoolean()) {
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** UTF-8, lone surrogates as CESU-8 bytes. */
  private static void cesu(GenJson.Bytes out, String s) {
    new GenJson.Writer(out, 0, false).text(s);
  }

  // ---- request settings ----------------------------------------------------------------------

  private String encoding() {
    int k = r.nextInt(15);
    return k < 8 ? "identity" : k < 11 ? "gzip" : k < 12 ? "gzip-members"
        : k < 14 ? pick("zstd-1", "zstd-3", "zstd-9") : pick("zstd-frames", "zstd-skippable", "zstd-stream");
  }

  private static byte[] encode(String how, byte[] raw, Random r) {
    int cut = r.nextInt(raw.length + 1);
    byte[] a = Arrays.copyOfRange(raw, 0, cut);
    byte[] b = Arrays.copyOfRange(raw, cut, raw.length);
    switch (how) {
      case "gzip":
        return gzip(raw);
      case "gzip-members":
        return concat(gzip(a), gzip(b));
      case "zstd-1":
        return Zstd.compress(raw, 1);
      case "zstd-3":
        return Zstd.compress(raw, 3);
      case "zstd-9":
        return Zstd.compress(raw, 9);
      case "zstd-frames":
        return concat(Zstd.compress(a, 3), Zstd.compress(b, 3));
      case "zstd-skippable": {
        // A skippable frame (magic 0x184D2A50, little-endian length) before the data frame.
        byte[] skip = {0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'};
        return concat(skip, Zstd.compress(raw, 3));
      }
      case "zstd-stream": {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out, 3)) {
          z.write(raw);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return out.toByteArray();
      }
      default:
        return raw;
    }
  }

  private EventDefaults defaults() {
    if (r.nextInt(4) != 0) {
      return EventDefaults.none();
    }
    Severity[] all = Severity.values();
    return new EventDefaults(pick("unknown", "api", "ünï", ""), pick("unknown", "h-1", ""),
        r.nextInt(5) == 0 ? null : all[r.nextInt(all.length)]);
  }

  // ---- helpers -------------------------------------------------------------------------------

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[r.nextInt(options.length)];
  }

  private int between(int min, int max) {
    return min + r.nextInt(max - min + 1);
  }

  private static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
