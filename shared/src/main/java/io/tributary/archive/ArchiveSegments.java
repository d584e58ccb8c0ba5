package io.tributary.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.CorruptFrameException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of an archive segment, laid out for size the way CLP does it: every field in its own
 * column (times and ids as deltas, hosts and names in dictionaries), and each message split by
 * {@link MessageTemplate} into a log type kept once in a dictionary plus its integer and string
 * variables in columns of their own; the columns then go into one zstd frame. What a log type
 * predicts is coded against it: the severity, service and pattern an event has are mostly those
 * the last event of its log type had, and an attribute's value mostly the key's last value, its
 * last under that log type or on that host (a number as a step from the host's last), so those
 * columns are nearly all zeros. Decoding gives back exactly
 * the events encoded. {@code ./tributary archive cat} prints a segment as NDJSON.
 *
 * <pre>
 * 'T' 'S' version:u8 zstd( count:varint columnCount:varint length:varint* column* )
 * </pre>
 */
public final class ArchiveSegments {

  private static final int VERSION = 3;
  /** The layout of segments processing writes: whole events in a row, cheap to write. */
  private static final int VERSION_FRESH = 1;
  /** The first columnar layout: no longer written, still read ({@link SegmentV2Reader}). */
  private static final int VERSION_FIRST_COLUMNS = 2;
  private static final int LEVEL_ROWS = 1;
  /** zstd level of the segments processing writes (fast, small segments). */
  public static final int LEVEL_FRESH = 3;
  /** zstd level of merged segments (compaction runs in the background). */
  public static final int LEVEL_MERGED = 12;

  /** The columns, each at its fixed position in a version 3 segment: never move or reuse one. */
  private enum Col {
    KIND(0), TIME(1), INGESTED(2), ID_KIND(3), ID(4), ID_RAW(5), LOGTYPE(6), INTS(7), STRINGS(8),
    SEVERITY(9), SERVICE(10), HOST(11), ATTR_COUNT(12), ATTR_KEY(13), ATTR_CODE(14), ATTR_TYPE(15),
    ATTR_LONG(16), ATTR_DOUBLE(17), ATTR_STRING(18), TRACE(19), SPAN(20), PATTERN(21), DICT_SEVERITY(22),
    DICT_SERVICE(23), DICT_HOST(24), DICT_LOGTYPE(25), DICT_ATTR_KEY(26), DICT_PATTERN(27);

    /** The column's position in the segment. */
    final int at;

    Col(int at) {
      this.at = at;
    }

    static final int COUNT = 28;
  }

  /** An attribute value as before: new (type and value follow), the key's last value, or its last under the log type. */
  private static final int A_NEW = 0;
  private static final int A_SAME_AS_KEY = 1;
  private static final int A_SAME_IN_LOGTYPE = 2;
  /** The key's last value on this host (a pid, a container, a version stays with its host). */
  private static final int A_SAME_ON_HOST = 3;
  /** A whole number written as its difference from the key's last value on this host. */
  private static final int A_DELTA_ON_HOST = 4;

  private static final int T_STRING = 1;
  private static final int T_LONG = 2;
  private static final int T_DOUBLE = 3;
  private static final int T_TRUE = 4;
  private static final int T_FALSE = 5;

  private ArchiveSegments() {
  }

  /** Strings numbered in order of first use; index 0 stands for null. */
  static final class Dictionary {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    /** About how much memory the entries take. */
    long heldBytes;

    int of(String s) {
      if (s == null) {
        return 0;
      }
      Integer i = index.get(s);
      if (i == null) {
        values.add(s);
        i = values.size();
        index.put(s, i);
        heldBytes += 2L * s.length() + 96;
      }
      return i;
    }

    void write(ByteWriter w) {
      w.writeVarInt(values.size());
      for (String v : values) {
        w.writeString(v);
      }
    }

    static String[] read(ByteReader r) {
      String[] out = new String[r.readVarInt() + 1];
      for (int i = 1; i < out.length; i++) {
        out[i] = r.readNullableString();
      }
      return out;
    }
  }

  /** Pairs of nullable strings numbered from 0 in order of first use. */
  private static final class Pairs {
    private record Pair(String a, String b) {
    }

    private final Map<Pair, Integer> index = new HashMap<>();
    private final List<Pair> values = new ArrayList<>();
    /** About how much memory the entries take. */
    long heldBytes;

    int of(String a, String b) {
      Pair p = new Pair(a, b);
      Integer i = index.get(p);
      if (i == null) {
        i = values.size();
        values.add(p);
        index.put(p, i);
        heldBytes += 2L * ((a == null ? 0 : a.length()) + (b == null ? 0 : b.length())) + 128;
      }
      return i;
    }

    void write(ByteWriter w) {
      w.writeVarInt(values.size());
      for (Pair p : values) {
        w.writeNullableString(p.a());
        w.writeNullableString(p.b());
      }
    }

    static String[][] read(ByteReader r) {
      int n = r.readVarInt();
      String[][] out = new String[n][];
      for (int i = 0; i < n; i++) {
        out[i] = new String[] {r.readNullableString(), r.readNullableString()};
      }
      return out;
    }
  }

  /** The last value coded per log type, growing with the log types. */
  private static final class PerLogtype {
    private int[] last = new int[64];

    /** 0 when {@code value} is what log type {@code lt} had last, else value + 1; remembers it. */
    int code(int lt, int value) {
      grow(lt);
      int code = last[lt] == value + 1 ? 0 : value + 1;
      last[lt] = value + 1;
      return code;
    }

    /** The inverse of {@link #code}. */
    int value(int lt, int code) {
      grow(lt);
      int v = code == 0 ? last[lt] - 1 : code - 1;
      last[lt] = v + 1;
      return v;
    }

    private void grow(int lt) {
      if (lt >= last.length) {
        last = Arrays.copyOf(last, Math.max(lt + 1, last.length * 2));
      }
    }
  }

  /**
   * The last attribute values seen, per key, per (log type, key) and per (host, key), to code a
   * value as a repeat of one of them, or a number as a small step from its host's last.
   */
  private static final class AttributeContext {
    private final Map<Integer, Object> byKey = new HashMap<>();
    private final Map<Long, Object> byLogtypeKey = new HashMap<>();
    private final Map<Long, Object> byHostKey = new HashMap<>();

    int code(int lt, int host, int key, Object v) {
      Object onHost = byHostKey.get(((long) host << 32) | key);
      int code = v.equals(byKey.get(key)) ? A_SAME_AS_KEY
          : v.equals(byLogtypeKey.get(((long) lt << 32) | key)) ? A_SAME_IN_LOGTYPE
          : v.equals(onHost) ? A_SAME_ON_HOST
          : v instanceof Long && onHost instanceof Long ? A_DELTA_ON_HOST : A_NEW;
      return code;
    }

    /** The last value of {@code key} on {@code host} (a Long when code was A_DELTA_ON_HOST). */
    Object onHost(int host, int key) {
      return byHostKey.get(((long) host << 32) | key);
    }

    Object value(int lt, int host, int key, int code) {
      switch (code) {
        case A_SAME_AS_KEY: return byKey.get(key);
        case A_SAME_IN_LOGTYPE: return byLogtypeKey.get(((long) lt << 32) | key);
        case A_SAME_ON_HOST: return byHostKey.get(((long) host << 32) | key);
        default: return null;
      }
    }

    /** About how much memory the remembered values take (replaced ones counted too: an upper bound). */
    long heldBytes;

    void remember(int lt, int host, int key, Object v) {
      long size = 80 + (v instanceof String s ? 2L * s.length() : 16);
      heldBytes += (byKey.put(key, v) == null ? size : 0) + (byLogtypeKey.put(((long) lt << 32) | key, v) == null
          ? size : 0) + (byHostKey.put(((long) host << 32) | key, v) == null ? size : 0);
    }
  }

  /**
   * A segment as processing writes it: the events one after another in the binary event encoding
   * (zstd 1). It costs a third of the columnar layout to write; compaction turns runs of them into
   * columnar segments once their hour has ended.
   */
  public static byte[] encodeRows(List<LogEvent> events) {
    io.tributary.frame.EncodedRows rows = new io.tributary.frame.EncodedRows(events.size() * 256 + 16);
    int[] which = new int[events.size()];
    for (int i = 0; i < which.length; i++) {
      rows.add(events.get(i));
      which[i] = i;
    }
    return encodeRows(events, rows, which, which.length);
  }

  /**
   * A segment in the row layout of {@code events[which[0..n)]}, whose rows are already encoded in
   * {@code rows} at the same indexes: the rows are copied, not encoded again.
   */
  public static byte[] encodeRows(List<LogEvent> events, io.tributary.frame.EncodedRows rows, int[] which, int n) {
    RowsScratch scratch = ROWS_SCRATCH.get();
    ByteWriter raw = scratch.raw;
    raw.reset();
    raw.writeVarInt(n);
    byte[] src = rows.array();
    for (int k = 0; k < n; k++) {
      int i = which[k];
      raw.writeLong(events.get(i).ingestedNanos());
      raw.writeBytes(src, rows.start(i), rows.end(i) - rows.start(i));
    }
    int bound = (int) Zstd.compressBound(raw.size());
    ByteWriter out = scratch.out;
    out.reset();
    out.writeByte('T');
    out.writeByte('S');
    out.writeByte(VERSION_FRESH);
    byte[] dst = out.reserve(bound);
    out.advance(scratch.ctx.compressByteArray(dst, out.size(), bound, raw.array(), 0, raw.size()));
    byte[] segment = out.toByteArray();
    scratch.trim();
    return segment;
  }

  /**
   * A processing thread's buffers for {@link #encodeRows}, kept between calls: a batch's rows run
   * to megabytes, and fresh arrays of that size cost more to allocate and fill than to encode.
   */
  private static final class RowsScratch {
    private static final int KEEP_AT_MOST = 16 << 20;
    ByteWriter raw = new ByteWriter(1 << 20);
    ByteWriter out = new ByteWriter(1 << 18);
    final ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(LEVEL_ROWS).setChecksum(true);

    void trim() {
      if (raw.array().length > KEEP_AT_MOST) {
        raw = new ByteWriter(1 << 20);
      }
      if (out.array().length > KEEP_AT_MOST) {
        out = new ByteWriter(1 << 18);
      }
    }
  }

  private static final ThreadLocal<RowsScratch> ROWS_SCRATCH = ThreadLocal.withInitial(RowsScratch::new);

  /** A segment in the columnar layout (what compaction writes). */
  public static byte[] encode(List<LogEvent> events) {
    Writer w = new Writer(LEVEL_FRESH);
    for (LogEvent e : events) {
      w.add(e);
    }
    return w.finish();
  }

  /** Builds a segment one event at a time, holding columns rather than events. Not thread-safe. */
  public static final class Writer {
    private final ByteWriter[] c = new ByteWriter[Col.COUNT];
    private final Pairs severities = new Pairs();
    private final Dictionary services = new Dictionary();
    private final Dictionary hosts = new Dictionary();
    private final Dictionary logtypes = new Dictionary();
    private final Dictionary attrKeys = new Dictionary();
    private final Pairs patterns = new Pairs();
    private final PerLogtype severityByLogtype = new PerLogtype();
    private final PerLogtype serviceByLogtype = new PerLogtype();
    private final PerLogtype patternByLogtype = new PerLogtype();
    private final AttributeContext attributes = new AttributeContext();
    private final StringBuilder type = new StringBuilder(256);
    private final int level;
    private final MessageTemplate.Parts parts;
    private int count;
    private long prevTime;
    private long prevIngested;
    private long prevHi;
    private long prevLo;

    /** @param level zstd level: {@link #LEVEL_FRESH} or {@link #LEVEL_MERGED} */
    public Writer(int level) {
      this.level = level;
      for (int i = 0; i < c.length; i++) {
        c[i] = new ByteWriter(1024);
      }
      ByteWriter ints = c[Col.INTS.at];
      ByteWriter strings = c[Col.STRINGS.at];
      parts = new MessageTemplate.Parts() {
        @Override
        public void integer(long value) {
          ints.writeVarLong(zigzag(value));
        }

        @Override
        public void string(CharSequence text, int from, int to) {
          strings.writeString(text, from, to);
        }
      };
    }

    public int count() {
      return count;
    }

    public void add(LogEvent e) {
      count++;
      c[Col.KIND.at].writeByte(e.kind().code());
      c[Col.TIME.at].writeVarLong(zigzag(e.timeNanos() - prevTime));
      prevTime = e.timeNanos();
      c[Col.INGESTED.at].writeVarLong(zigzag(e.ingestedNanos() - prevIngested));
      prevIngested = e.ingestedNanos();
      long[] id = EventIds.decode(e.id());
      if (id != null) {
        c[Col.ID_KIND.at].writeByte(0);
        c[Col.ID.at].writeVarLong(zigzag(id[0] - prevHi));
        c[Col.ID.at].writeVarLong(zigzag(id[1] - prevLo));
        prevHi = id[0];
        prevLo = id[1];
      } else {
        c[Col.ID_KIND.at].writeByte(1);
        c[Col.ID_RAW.at].writeString(e.id());
      }
      int lt;
      if (e.message() == null) {
        lt = 0;
      } else {
        type.setLength(0);
        MessageTemplate.split(e.message(), type, parts);
        lt = logtypes.of(type.toString());
      }
      c[Col.LOGTYPE.at].writeVarInt(lt);
      String sev = e.severity() == null ? null : e.severity().name();
      c[Col.SEVERITY.at].writeVarInt(severityByLogtype.code(lt, severities.of(sev, e.severityText())));
      c[Col.SERVICE.at].writeVarInt(serviceByLogtype.code(lt, services.of(e.service())));
      int host = hosts.of(e.host());
      c[Col.HOST.at].writeVarInt(host);
      c[Col.ATTR_COUNT.at].writeVarInt(e.attributes().size());
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        int key = attrKeys.of(a.getKey());
        c[Col.ATTR_KEY.at].writeVarInt(key);
        Object v = a.getValue() instanceof Integer i ? Long.valueOf(i) : a.getValue();
        int code = attributes.code(lt, host, key, v);
        c[Col.ATTR_CODE.at].writeByte(code);
        if (code == A_DELTA_ON_HOST) {
          c[Col.ATTR_LONG.at].writeVarLong(zigzag((Long) v - (Long) attributes.onHost(host, key)));
        }
        attributes.remember(lt, host, key, v);
        if (code != A_NEW) {
          continue;
        }
        if (v instanceof Long l) {
          c[Col.ATTR_TYPE.at].writeByte(T_LONG);
          c[Col.ATTR_LONG.at].writeVarLong(zigzag(l));
        } else if (v instanceof Double || v instanceof Float) {
          c[Col.ATTR_TYPE.at].writeByte(T_DOUBLE);
          c[Col.ATTR_DOUBLE.at].writeDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
          c[Col.ATTR_TYPE.at].writeByte(b ? T_TRUE : T_FALSE);
        } else {
          c[Col.ATTR_TYPE.at].writeByte(T_STRING);
          // Raw rather than a dictionary: ids and other unique values are common; zstd finds the repeats.
          c[Col.ATTR_STRING.at].writeString(String.valueOf(v));
        }
      }
      writeHexOrText(c[Col.TRACE.at], e.traceId());
      writeHexOrText(c[Col.SPAN.at], e.spanId());
      c[Col.PATTERN.at].writeVarInt(patternByLogtype.code(lt, patterns.of(e.patternId(), e.template())));
    }

    /** Bytes the columns hold so far: about what the segment will hold before compression. */
    public long rawBytes() {
      long n = 0;
      for (ByteWriter w : c) {
        n += w.size();
      }
      return n;
    }

    /**
     * About how much memory the writer holds: its columns, and its dictionaries and the values it
     * codes against (a message without digits is a log type of its own, kept whole in the
     * dictionary). What bounds a merge.
     */
    public long heldBytes() {
      return rawBytes() + severities.heldBytes + services.heldBytes + hosts.heldBytes + logtypes.heldBytes
          + attrKeys.heldBytes + patterns.heldBytes + attributes.heldBytes;
    }

    private boolean finished;

    /** The dictionaries go into their columns once, when the segment is finished. */
    private void closeColumns() {
      if (finished) {
        throw new IllegalStateException("a segment is finished once");
      }
      finished = true;
      severities.write(c[Col.DICT_SEVERITY.at]);
      services.write(c[Col.DICT_SERVICE.at]);
      hosts.write(c[Col.DICT_HOST.at]);
      logtypes.write(c[Col.DICT_LOGTYPE.at]);
      attrKeys.write(c[Col.DICT_ATTR_KEY.at]);
      patterns.write(c[Col.DICT_PATTERN.at]);
    }

    /** What precedes the columns in the frame: the count, the column count and their lengths. */
    private ByteWriter head() {
      ByteWriter head = new ByteWriter(16 + 5 * c.length);
      head.writeVarInt(count);
      head.writeVarInt(c.length);
      for (ByteWriter w : c) {
        head.writeVarInt(w.size());
      }
      return head;
    }

    /** The segment's bytes. */
    public byte[] finish() {
      closeColumns();
      ByteWriter head = head();
      ByteWriter raw = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 16, head.size() + rawBytes()));
      raw.writeBytes(head.array(), 0, head.size());
      for (ByteWriter w : c) {
        raw.writeBytes(w.array(), 0, w.size());
      }
      int bound = (int) Zstd.compressBound(raw.size());
      byte[] out = new byte[3 + bound];
      out[0] = 'T';
      out[1] = 'S';
      out[2] = VERSION;
      int n;
      try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
        // The frame checksum makes a damaged segment fail to read rather than read wrong.
        ctx.setLevel(level).setChecksum(true);
        n = ctx.compressByteArray(out, 3, bound, raw.array(), 0, raw.size());
      }
      return Arrays.copyOf(out, 3 + n);
    }

    /**
     * Writes the segment's bytes to {@code out} as they are compressed, from the columns where they
     * are: no copy of the columns and no compressed copy is held. The same content as
     * {@link #finish()} (the compressed bytes may differ).
     */
    public void finish(java.io.OutputStream out) throws IOException {
      closeColumns();
      ByteWriter head = head();
      out.write(new byte[] {'T', 'S', VERSION});
      java.nio.ByteBuffer src = java.nio.ByteBuffer.allocateDirect(1 << 17);
      java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocateDirect(1 << 17);
      byte[] copy = new byte[1 << 17];
      try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
        ctx.setLevel(level).setChecksum(true);
        // The frame header then carries the content size, which readers size their buffer by.
        ctx.setPledgedSrcSize(head.size() + rawBytes());
        feed(ctx, head, src, dst, copy, out);
        for (ByteWriter w : c) {
          feed(ctx, w, src, dst, copy, out);
        }
        src.clear().flip();
        boolean done;
        do {
          done = ctx.compressDirectByteBufferStream(dst, src, com.github.luben.zstd.EndDirective.END);
          drain(dst, copy, out);
        } while (!done);
      }
    }

    private static void feed(ZstdCompressCtx ctx, ByteWriter from, java.nio.ByteBuffer src, java.nio.ByteBuffer dst,
        byte[] copy, java.io.OutputStream out) throws IOException {
      int at = 0;
      while (at < from.size()) {
        src.clear();
        int n = Math.min(src.capacity(), from.size() - at);
        src.put(from.array(), at, n).flip();
        at += n;
        while (src.hasRemaining()) {
          ctx.compressDirectByteBufferStream(dst, src, com.github.luben.zstd.EndDirective.CONTINUE);
          drain(dst, copy, out);
        }
      }
    }

    private static void drain(java.nio.ByteBuffer dst, byte[] copy, java.io.OutputStream out) throws IOException {
      dst.flip();
      while (dst.hasRemaining()) {
        int n = Math.min(copy.length, dst.remaining());
        dst.get(copy, 0, n);
        out.write(copy, 0, n);
      }
      dst.clear();
    }
  }

  /** Hex ids (trace, span) as their bytes; anything else as text. */
  private static void writeHexOrText(ByteWriter w, String s) {
    if (s == null) {
      w.writeByte(0);
      return;
    }
    if (isLowerHex(s)) {
      w.writeByte(1);
      w.writeVarInt(s.length() / 2);
      for (int i = 0; i < s.length(); i += 2) {
        w.writeByte(Character.digit(s.charAt(i), 16) << 4 | Character.digit(s.charAt(i + 1), 16));
      }
      return;
    }
    w.writeByte(2);
    w.writeString(s);
  }

  private static boolean isLowerHex(String s) {
    if (s.isEmpty() || s.length() % 2 != 0 || s.length() > 256) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  static String readHexOrText(ByteReader r) {
    int kind = r.readByte();
    if (kind == 0) {
      return null;
    }
    if (kind == 2) {
      return r.readNullableString();
    }
    int n = r.readVarInt();
    char[] hex = new char[n * 2];
    for (int i = 0; i < n; i++) {
      int b = r.readByte();
      hex[2 * i] = Character.forDigit(b >>> 4, 16);
      hex[2 * i + 1] = Character.forDigit(b & 15, 16);
    }
    return new String(hex);
  }

  /** How many bytes a segment holds before compression (from its frame header; no decoding). */
  public static long contentSize(byte[] segment) throws IOException {
    if (segment.length < 4 || segment[0] != 'T' || segment[1] != 'S') {
      throw new IOException("not an archive segment");
    }
    long size = Zstd.getFrameContentSize(segment, 3, segment.length - 3);
    if (size < 0) {
      throw new IOException("archive segment has no readable zstd frame");
    }
    return size;
  }

  public static List<LogEvent> decode(TenantId tenant, byte[] segment) throws IOException {
    if (segment.length < 4 || segment[0] != 'T' || segment[1] != 'S') {
      throw new IOException("not an archive segment");
    }
    if (segment[2] != VERSION && segment[2] != VERSION_FRESH && segment[2] != VERSION_FIRST_COLUMNS) {
      throw new IOException("unknown archive segment version " + segment[2]);
    }
    long size = Zstd.getFrameContentSize(segment, 3, segment.length - 3);
    if (size < 0 || size > Integer.MAX_VALUE) {
      throw new IOException("archive segment has no readable zstd frame");
    }
    byte[] raw = new byte[(int) size];
    try {
      long n = Zstd.decompressByteArray(raw, 0, raw.length, segment, 3, segment.length - 3);
      if (Zstd.isError(n) || n != size) {
        throw new IOException("archive segment does not decompress");
      }
    } catch (ZstdException e) {
      throw new IOException("archive segment does not decompress: " + e.getMessage(), e);
    }
    try {
      return switch (segment[2]) {
        case VERSION_FRESH -> readRows(tenant, raw);
        case VERSION_FIRST_COLUMNS -> SegmentV2Reader.read(tenant, raw);
        default -> read(tenant, raw);
      };
    } catch (CorruptFrameException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException("archive segment is damaged: " + e.getMessage(), e);
    }
  }

  private static List<LogEvent> readRows(TenantId tenant, byte[] raw) {
    ByteReader r = new ByteReader(raw, 0, raw.length);
    int n = r.readVarInt();
    List<LogEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long ingested = r.readLong();
      events.add(io.tributary.frame.EventCodec.read(r, tenant, ingested));
    }
    return events;
  }

  private static List<LogEvent> read(TenantId tenant, byte[] raw) {
    ByteReader head = new ByteReader(raw, 0, raw.length);
    int count = head.readVarInt();
    int columns = head.readVarInt();
    if (columns != Col.COUNT) {
      throw new CorruptFrameException("segment has " + columns + " columns");
    }
    ByteReader[] c = columns(raw, head, columns);
    String[][] severities = Pairs.read(c[Col.DICT_SEVERITY.at]);
    String[] services = Dictionary.read(c[Col.DICT_SERVICE.at]);
    String[] hosts = Dictionary.read(c[Col.DICT_HOST.at]);
    String[] logtypes = Dictionary.read(c[Col.DICT_LOGTYPE.at]);
    String[] attrKeys = Dictionary.read(c[Col.DICT_ATTR_KEY.at]);
    String[][] patterns = Pairs.read(c[Col.DICT_PATTERN.at]);
    PerLogtype severityByLogtype = new PerLogtype();
    PerLogtype serviceByLogtype = new PerLogtype();
    PerLogtype patternByLogtype = new PerLogtype();
    AttributeContext context = new AttributeContext();
    List<LogEvent> events = new ArrayList<>(count);
    long time = 0;
    long ingested = 0;
    long hi = 0;
    long lo = 0;
    StringBuilder message = new StringBuilder(256);
    for (int row = 0; row < count; row++) {
      EventKind kind = EventKind.ofCode(c[Col.KIND.at].readByte());
      time += unzigzag(c[Col.TIME.at].readVarLong());
      ingested += unzigzag(c[Col.INGESTED.at].readVarLong());
      String id;
      if (c[Col.ID_KIND.at].readByte() == 0) {
        hi += unzigzag(c[Col.ID.at].readVarLong());
        lo += unzigzag(c[Col.ID.at].readVarLong());
        id = EventIds.format(hi, lo);
      } else {
        id = c[Col.ID_RAW.at].readNullableString();
      }
      int lt = c[Col.LOGTYPE.at].readVarInt();
      String text = null;
      if (lt != 0) {
        message.setLength(0);
        String type = logtypes[lt];
        for (int i = 0; i < type.length(); i++) {
          char ch = type.charAt(i);
          if (ch == MessageTemplate.INT) {
            message.append(unzigzag(c[Col.INTS.at].readVarLong()));
          } else if (ch == MessageTemplate.STR) {
            message.append(c[Col.STRINGS.at].readNullableString());
          } else if (ch == MessageTemplate.ESC) {
            message.append(type.charAt(++i));
          } else {
            message.append(ch);
          }
        }
        text = message.toString();
      }
      String[] sev = severities[severityByLogtype.value(lt, c[Col.SEVERITY.at].readVarInt())];
      String service = services[serviceByLogtype.value(lt, c[Col.SERVICE.at].readVarInt())];
      int hostIndex = c[Col.HOST.at].readVarInt();
      String host = hosts[hostIndex];
      int attrs = c[Col.ATTR_COUNT.at].readVarInt();
      Map<String, Object> attributes = attrs == 0 ? Map.of() : new LinkedHashMap<>(attrs * 2);
      for (int i = 0; i < attrs; i++) {
        int key = c[Col.ATTR_KEY.at].readVarInt();
        int code = c[Col.ATTR_CODE.at].readByte();
        Object v;
        if (code == A_DELTA_ON_HOST) {
          Object last = context.onHost(hostIndex, key);
          if (!(last instanceof Long l)) {
            throw new CorruptFrameException("attribute steps from a value never seen");
          }
          v = l + unzigzag(c[Col.ATTR_LONG.at].readVarLong());
        } else if (code != A_NEW) {
          v = context.value(lt, hostIndex, key, code);
          if (v == null) {
            throw new CorruptFrameException("attribute refers to a value never seen");
          }
        } else {
          int t = c[Col.ATTR_TYPE.at].readByte();
          switch (t) {
            case T_LONG: v = unzigzag(c[Col.ATTR_LONG.at].readVarLong()); break;
            case T_DOUBLE: v = c[Col.ATTR_DOUBLE.at].readDouble(); break;
            case T_TRUE: v = Boolean.TRUE; break;
            case T_FALSE: v = Boolean.FALSE; break;
            case T_STRING: v = c[Col.ATTR_STRING.at].readNullableString(); break;
            default: throw new CorruptFrameException("unknown attribute type " + t);
          }
        }
        context.remember(lt, hostIndex, key, v);
        attributes.put(attrKeys[key], v);
      }
      String trace = readHexOrText(c[Col.TRACE.at]);
      String span = readHexOrText(c[Col.SPAN.at]);
      String[] pattern = patterns[patternByLogtype.value(lt, c[Col.PATTERN.at].readVarInt())];
      events.add(new LogEvent(id, tenant, kind, time, ingested, sev[0] == null ? null : Severity.valueOf(sev[0]),
          sev[1], service, host, text, attributes, trace, span, pattern[0], pattern[1]));
    }
    return events;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /**
   * Readers of a columnar segment's {@code columns} columns, whose lengths {@code head} is at; the
   * columns follow the lengths (every version with columns lays them out so).
   */
  static ByteReader[] columns(byte[] raw, ByteReader head, int columns) {
    ByteReader[] c = new ByteReader[columns];
    int[] lengths = new int[columns];
    for (int i = 0; i < columns; i++) {
      lengths[i] = head.readVarInt();
    }
    int at = head.position();
    for (int i = 0; i < columns; i++) {
      c[i] = new ByteReader(raw, at, lengths[i]);
      at += lengths[i];
    }
    return c;
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
