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
 * column (times and ids as deltas, services, hosts and attribute names in dictionaries), and each
 * message split by {@link MessageTemplate} into a log type kept once in a dictionary plus its
 * integer and string variables in columns of their own; the columns then go into one zstd frame.
 * Decoding gives back exactly the events encoded. {@code ./tributary archive cat} prints a segment
 * as NDJSON.
 *
 * <pre>
 * 'T' 'S' version:u8 zstd( count:varint columnCount:varint length:varint* column* )
 * </pre>
 */
public final class ArchiveSegments {

  private static final int VERSION = 2;
  private static final int LEVEL = 6;

  /** The columns, in the order they are written. */
  private enum Col {
    KIND, TIME, INGESTED, ID_KIND, ID, ID_RAW, SEVERITY, SEVERITY_TEXT, SERVICE, HOST, LOGTYPE, INTS, STRINGS,
    ATTR_COUNT, ATTR_KEY, ATTR_TYPE, ATTR_LONG, ATTR_DOUBLE, ATTR_STRING, TRACE, SPAN, PATTERN, TEMPLATE,
    DICT_SEVERITY_TEXT, DICT_SERVICE, DICT_HOST, DICT_LOGTYPE, DICT_ATTR_KEY, DICT_PATTERN,
    DICT_TEMPLATE
  }

  private static final int T_STRING = 1;
  private static final int T_LONG = 2;
  private static final int T_DOUBLE = 3;
  private static final int T_TRUE = 4;
  private static final int T_FALSE = 5;

  private ArchiveSegments() {
  }

  /** Strings numbered in order of first use; index 0 stands for null. */
  private static final class Dictionary {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    int of(String s) {
      if (s == null) {
        return 0;
      }
      Integer i = index.get(s);
      if (i == null) {
        values.add(s);
        i = values.size();
        index.put(s, i);
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

  public static byte[] encode(List<LogEvent> events) {
    Col[] all = Col.values();
    ByteWriter[] c = new ByteWriter[all.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = new ByteWriter(64 + events.size() * 2);
    }
    Dictionary severityTexts = new Dictionary();
    Dictionary services = new Dictionary();
    Dictionary hosts = new Dictionary();
    Dictionary logtypes = new Dictionary();
    Dictionary attrKeys = new Dictionary();
    Dictionary patterns = new Dictionary();
    Dictionary templates = new Dictionary();
    long prevTime = 0;
    long prevIngested = 0;
    long prevHi = 0;
    long prevLo = 0;
    StringBuilder type = new StringBuilder(256);
    ByteWriter ints = c[Col.INTS.ordinal()];
    ByteWriter strings = c[Col.STRINGS.ordinal()];
    MessageTemplate.Parts parts = new MessageTemplate.Parts() {
      @Override
      public void integer(long value) {
        ints.writeVarLong(zigzag(value));
      }

      @Override
      public void string(CharSequence text, int from, int to) {
        strings.writeString(text, from, to);
      }
    };
    for (LogEvent e : events) {
      c[Col.KIND.ordinal()].writeByte(e.kind().ordinal());
      c[Col.TIME.ordinal()].writeVarLong(zigzag(e.timeNanos() - prevTime));
      prevTime = e.timeNanos();
      c[Col.INGESTED.ordinal()].writeVarLong(zigzag(e.ingestedNanos() - prevIngested));
      prevIngested = e.ingestedNanos();
      long[] id = EventIds.decode(e.id());
      if (id != null) {
        c[Col.ID_KIND.ordinal()].writeByte(0);
        c[Col.ID.ordinal()].writeVarLong(zigzag(id[0] - prevHi));
        c[Col.ID.ordinal()].writeVarLong(zigzag(id[1] - prevLo));
        prevHi = id[0];
        prevLo = id[1];
      } else {
        c[Col.ID_KIND.ordinal()].writeByte(1);
        c[Col.ID_RAW.ordinal()].writeString(e.id());
      }
      c[Col.SEVERITY.ordinal()].writeByte(e.severity() == null ? 0 : 1 + e.severity().ordinal());
      c[Col.SEVERITY_TEXT.ordinal()].writeVarInt(severityTexts.of(e.severityText()));
      c[Col.SERVICE.ordinal()].writeVarInt(services.of(e.service()));
      c[Col.HOST.ordinal()].writeVarInt(hosts.of(e.host()));
      if (e.message() == null) {
        c[Col.LOGTYPE.ordinal()].writeVarInt(0);
      } else {
        type.setLength(0);
        MessageTemplate.split(e.message(), type, parts);
        c[Col.LOGTYPE.ordinal()].writeVarInt(logtypes.of(type.toString()));
      }
      c[Col.ATTR_COUNT.ordinal()].writeVarInt(e.attributes().size());
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        c[Col.ATTR_KEY.ordinal()].writeVarInt(attrKeys.of(a.getKey()));
        Object v = a.getValue();
        if (v instanceof Long || v instanceof Integer) {
          c[Col.ATTR_TYPE.ordinal()].writeByte(T_LONG);
          c[Col.ATTR_LONG.ordinal()].writeVarLong(zigzag(((Number) v).longValue()));
        } else if (v instanceof Double || v instanceof Float) {
          c[Col.ATTR_TYPE.ordinal()].writeByte(T_DOUBLE);
          c[Col.ATTR_DOUBLE.ordinal()].writeDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
          c[Col.ATTR_TYPE.ordinal()].writeByte(b ? T_TRUE : T_FALSE);
        } else {
          c[Col.ATTR_TYPE.ordinal()].writeByte(T_STRING);
          // Raw rather than a dictionary: ids and other unique values are common; zstd finds the repeats.
          c[Col.ATTR_STRING.ordinal()].writeString(String.valueOf(v));
        }
      }
      writeHexOrText(c[Col.TRACE.ordinal()], e.traceId());
      writeHexOrText(c[Col.SPAN.ordinal()], e.spanId());
      c[Col.PATTERN.ordinal()].writeVarInt(patterns.of(e.patternId()));
      c[Col.TEMPLATE.ordinal()].writeVarInt(templates.of(e.template()));
    }
    severityTexts.write(c[Col.DICT_SEVERITY_TEXT.ordinal()]);
    services.write(c[Col.DICT_SERVICE.ordinal()]);
    hosts.write(c[Col.DICT_HOST.ordinal()]);
    logtypes.write(c[Col.DICT_LOGTYPE.ordinal()]);
    attrKeys.write(c[Col.DICT_ATTR_KEY.ordinal()]);
    patterns.write(c[Col.DICT_PATTERN.ordinal()]);
    templates.write(c[Col.DICT_TEMPLATE.ordinal()]);

    int total = 16;
    for (ByteWriter w : c) {
      total += w.size() + 5;
    }
    ByteWriter raw = new ByteWriter(total);
    raw.writeVarInt(events.size());
    raw.writeVarInt(c.length);
    for (ByteWriter w : c) {
      raw.writeVarInt(w.size());
    }
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
      ctx.setLevel(LEVEL).setChecksum(true);
      n = ctx.compressByteArray(out, 3, bound, raw.array(), 0, raw.size());
    }
    return Arrays.copyOf(out, 3 + n);
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

  private static String readHexOrText(ByteReader r) {
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

  public static List<LogEvent> decode(TenantId tenant, byte[] segment) throws IOException {
    if (segment.length < 4 || segment[0] != 'T' || segment[1] != 'S') {
      throw new IOException("not an archive segment");
    }
    if (segment[2] != VERSION) {
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
      return read(tenant, raw);
    } catch (CorruptFrameException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException("archive segment is damaged: " + e.getMessage(), e);
    }
  }

  private static List<LogEvent> read(TenantId tenant, byte[] raw) {
    ByteReader head = new ByteReader(raw, 0, raw.length);
    int count = head.readVarInt();
    int columns = head.readVarInt();
    if (columns != Col.values().length) {
      throw new CorruptFrameException("segment has " + columns + " columns");
    }
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
    String[] severityTexts = Dictionary.read(c[Col.DICT_SEVERITY_TEXT.ordinal()]);
    String[] services = Dictionary.read(c[Col.DICT_SERVICE.ordinal()]);
    String[] hosts = Dictionary.read(c[Col.DICT_HOST.ordinal()]);
    String[] logtypes = Dictionary.read(c[Col.DICT_LOGTYPE.ordinal()]);
    String[] attrKeys = Dictionary.read(c[Col.DICT_ATTR_KEY.ordinal()]);
    String[] patterns = Dictionary.read(c[Col.DICT_PATTERN.ordinal()]);
    String[] templates = Dictionary.read(c[Col.DICT_TEMPLATE.ordinal()]);
    List<LogEvent> events = new ArrayList<>(count);
    long time = 0;
    long ingested = 0;
    long hi = 0;
    long lo = 0;
    StringBuilder message = new StringBuilder(256);
    for (int row = 0; row < count; row++) {
      EventKind kind = EventKind.values()[c[Col.KIND.ordinal()].readByte()];
      time += unzigzag(c[Col.TIME.ordinal()].readVarLong());
      ingested += unzigzag(c[Col.INGESTED.ordinal()].readVarLong());
      String id;
      if (c[Col.ID_KIND.ordinal()].readByte() == 0) {
        hi += unzigzag(c[Col.ID.ordinal()].readVarLong());
        lo += unzigzag(c[Col.ID.ordinal()].readVarLong());
        id = EventIds.format(hi, lo);
      } else {
        id = c[Col.ID_RAW.ordinal()].readNullableString();
      }
      int sev = c[Col.SEVERITY.ordinal()].readByte();
      String severityText = severityTexts[c[Col.SEVERITY_TEXT.ordinal()].readVarInt()];
      String service = services[c[Col.SERVICE.ordinal()].readVarInt()];
      String host = hosts[c[Col.HOST.ordinal()].readVarInt()];
      int lt = c[Col.LOGTYPE.ordinal()].readVarInt();
      String text = null;
      if (lt != 0) {
        message.setLength(0);
        String type = logtypes[lt];
        for (int i = 0; i < type.length(); i++) {
          char ch = type.charAt(i);
          if (ch == MessageTemplate.INT) {
            message.append(unzigzag(c[Col.INTS.ordinal()].readVarLong()));
          } else if (ch == MessageTemplate.STR) {
            message.append(c[Col.STRINGS.ordinal()].readNullableString());
          } else if (ch == MessageTemplate.ESC) {
            message.append(type.charAt(++i));
          } else {
            message.append(ch);
          }
        }
        text = message.toString();
      }
      int attrs = c[Col.ATTR_COUNT.ordinal()].readVarInt();
      Map<String, Object> attributes = attrs == 0 ? Map.of() : new LinkedHashMap<>(attrs * 2);
      for (int i = 0; i < attrs; i++) {
        String key = attrKeys[c[Col.ATTR_KEY.ordinal()].readVarInt()];
        int t = c[Col.ATTR_TYPE.ordinal()].readByte();
        Object v;
        switch (t) {
          case T_LONG: v = unzigzag(c[Col.ATTR_LONG.ordinal()].readVarLong()); break;
          case T_DOUBLE: v = c[Col.ATTR_DOUBLE.ordinal()].readDouble(); break;
          case T_TRUE: v = Boolean.TRUE; break;
          case T_FALSE: v = Boolean.FALSE; break;
          case T_STRING: v = c[Col.ATTR_STRING.ordinal()].readNullableString(); break;
          default: throw new CorruptFrameException("unknown attribute type " + t);
        }
        attributes.put(key, v);
      }
      String trace = readHexOrText(c[Col.TRACE.ordinal()]);
      String span = readHexOrText(c[Col.SPAN.ordinal()]);
      String pattern = patterns[c[Col.PATTERN.ordinal()].readVarInt()];
      String template = templates[c[Col.TEMPLATE.ordinal()].readVarInt()];
      events.add(new LogEvent(id, tenant, kind, time, ingested, sev == 0 ? null : Severity.ofOrdinal(sev - 1),
          severityText, service, host, text, attributes, trace, span, pattern, template));
    }
    return events;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
