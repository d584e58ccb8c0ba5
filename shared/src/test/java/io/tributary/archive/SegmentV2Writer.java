package io.tributary.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.frame.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The version 2 segment writer as it was (commit 63ac12d; with {@code attributeDictionary}, as at
 * commit 11dbc6b), kept in the tests only: it regenerates the version 2 golden fixtures and shows
 * that {@link SegmentV2Reader} reads what it wrote. Production never writes version 2.
 */
final class SegmentV2Writer {

  private static final int COLUMNS = 30;
  private static final int KIND = 0;
  private static final int TIME = 1;
  private static final int INGESTED = 2;
  private static final int ID_KIND = 3;
  private static final int ID = 4;
  private static final int ID_RAW = 5;
  private static final int SEVERITY = 6;
  private static final int SEVERITY_TEXT = 7;
  private static final int SERVICE = 8;
  private static final int HOST = 9;
  private static final int LOGTYPE = 10;
  private static final int INTS = 11;
  private static final int STRINGS = 12;
  private static final int ATTR_COUNT = 13;
  private static final int ATTR_KEY = 14;
  private static final int ATTR_TYPE = 15;
  private static final int ATTR_LONG = 16;
  private static final int ATTR_DOUBLE = 17;
  private static final int ATTR_STRING = 18;
  private static final int TRACE = 19;
  private static final int SPAN = 20;
  private static final int PATTERN = 21;
  private static final int TEMPLATE = 22;

  private SegmentV2Writer() {
  }

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
  }

  static byte[] encode(List<LogEvent> events, boolean attributeDictionary) {
    int columns = attributeDictionary ? COLUMNS + 1 : COLUMNS;
    ByteWriter[] c = new ByteWriter[columns];
    for (int i = 0; i < c.length; i++) {
      c[i] = new ByteWriter(64 + events.size() * 2);
    }
    Dictionary severityTexts = new Dictionary();
    Dictionary services = new Dictionary();
    Dictionary hosts = new Dictionary();
    Dictionary logtypes = new Dictionary();
    Dictionary attrKeys = new Dictionary();
    Dictionary attrStrings = new Dictionary();
    Dictionary patterns = new Dictionary();
    Dictionary templates = new Dictionary();
    long prevTime = 0;
    long prevIngested = 0;
    long prevHi = 0;
    long prevLo = 0;
    StringBuilder type = new StringBuilder(256);
    ByteWriter ints = c[INTS];
    ByteWriter strings = c[STRINGS];
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
      c[KIND].writeByte(e.kind().code());
      c[TIME].writeVarLong(zigzag(e.timeNanos() - prevTime));
      prevTime = e.timeNanos();
      c[INGESTED].writeVarLong(zigzag(e.ingestedNanos() - prevIngested));
      prevIngested = e.ingestedNanos();
      long[] id = EventIds.decode(e.id());
      if (id != null) {
        c[ID_KIND].writeByte(0);
        c[ID].writeVarLong(zigzag(id[0] - prevHi));
        c[ID].writeVarLong(zigzag(id[1] - prevLo));
        prevHi = id[0];
        prevLo = id[1];
      } else {
        c[ID_KIND].writeByte(1);
        c[ID_RAW].writeString(e.id());
      }
      c[SEVERITY].writeByte(e.severity() == null ? 0 : 1 + e.severity().code());
      c[SEVERITY_TEXT].writeVarInt(severityTexts.of(e.severityText()));
      c[SERVICE].writeVarInt(services.of(e.service()));
      c[HOST].writeVarInt(hosts.of(e.host()));
      if (e.message() == null) {
        c[LOGTYPE].writeVarInt(0);
      } else {
        type.setLength(0);
        MessageTemplate.split(e.message(), type, parts);
        c[LOGTYPE].writeVarInt(logtypes.of(type.toString()));
      }
      c[ATTR_COUNT].writeVarInt(e.attributes().size());
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        c[ATTR_KEY].writeVarInt(attrKeys.of(a.getKey()));
        Object v = a.getValue();
        if (v instanceof Long || v instanceof Integer) {
          c[ATTR_TYPE].writeByte(2);
          c[ATTR_LONG].writeVarLong(zigzag(((Number) v).longValue()));
        } else if (v instanceof Double || v instanceof Float) {
          c[ATTR_TYPE].writeByte(3);
          c[ATTR_DOUBLE].writeDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
          c[ATTR_TYPE].writeByte(b ? 4 : 5);
        } else {
          c[ATTR_TYPE].writeByte(1);
          if (attributeDictionary) {
            c[ATTR_STRING].writeVarInt(attrStrings.of(String.valueOf(v)));
          } else {
            c[ATTR_STRING].writeString(String.valueOf(v));
          }
        }
      }
      writeHexOrText(c[TRACE], e.traceId());
      writeHexOrText(c[SPAN], e.spanId());
      c[PATTERN].writeVarInt(patterns.of(e.patternId()));
      c[TEMPLATE].writeVarInt(templates.of(e.template()));
    }
    int d = TEMPLATE + 1;
    severityTexts.write(c[d++]);
    services.write(c[d++]);
    hosts.write(c[d++]);
    logtypes.write(c[d++]);
    attrKeys.write(c[d++]);
    if (attributeDictionary) {
      attrStrings.write(c[d++]);
    }
    patterns.write(c[d++]);
    templates.write(c[d]);
    ByteWriter raw = new ByteWriter(1024);
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
    out[2] = 2;
    int n;
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(6).setChecksum(true);
      n = ctx.compressByteArray(out, 3, bound, raw.array(), 0, raw.size());
    }
    return Arrays.copyOf(out, 3 + n);
  }

  private static void writeHexOrText(ByteWriter w, String s) {
    if (s == null) {
      w.writeByte(0);
      return;
    }
    boolean hex = !s.isEmpty() && s.length() % 2 == 0 && s.length() <= 256 && s.chars().allMatch(
        ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f');
    if (hex) {
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

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
