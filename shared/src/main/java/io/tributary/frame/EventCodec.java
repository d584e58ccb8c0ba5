package io.tributary.frame;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of one event inside a frame. The tenant and the ingest time belong to the
 * frame and are not repeated per event.
 *
 * <pre>
 * kind:u8(EventKind code) id:str time:i64 severity:u8(0 = none, else 1 + Severity code) severityText:str?
 * service:str? host:str? message:str? attrCount:varint (key:str type:u8 value)* traceId:str?
 * spanId:str? patternId:str? template:str?
 * </pre>
 */
public final class EventCodec {

  private static final int T_STRING = 1;
  private static final int T_LONG = 2;
  private static final int T_DOUBLE = 3;
  private static final int T_TRUE = 4;
  private static final int T_FALSE = 5;

  private EventCodec() {
  }

  public static void write(LogEvent e, ByteWriter w) {
    w.writeByte(e.kind().code());
    w.writeString(e.id());
    w.writeLong(e.timeNanos());
    w.writeByte(e.severity() == null ? 0 : 1 + e.severity().code());
    w.writeNullableString(e.severityText());
    w.writeNullableString(e.service());
    w.writeNullableString(e.host());
    w.writeNullableString(e.message());
    Map<String, Object> attrs = e.attributes();
    w.writeVarInt(attrs.size());
    for (Map.Entry<String, Object> a : attrs.entrySet()) {
      w.writeString(a.getKey());
      Object v = a.getValue();
      if (v instanceof Long || v instanceof Integer) {
        w.writeByte(T_LONG);
        w.writeVarLong(zigzag(((Number) v).longValue()));
      } else if (v instanceof Double || v instanceof Float) {
        w.writeByte(T_DOUBLE);
        w.writeDouble(((Number) v).doubleValue());
      } else if (v instanceof Boolean) {
        w.writeByte((Boolean) v ? T_TRUE : T_FALSE);
      } else {
        w.writeByte(T_STRING);
        w.writeString(String.valueOf(v));
      }
    }
    w.writeNullableString(e.traceId());
    w.writeNullableString(e.spanId());
    w.writeNullableString(e.patternId());
    w.writeNullableString(e.template());
  }

  public static LogEvent read(ByteReader r, TenantId tenant, long ingestedNanos) {
    EventKind kind;
    try {
      kind = EventKind.ofCode(r.readByte());
    } catch (IllegalArgumentException e) {
      throw new CorruptFrameException(e.getMessage());
    }
    String id = r.readNullableString();
    long time = r.readLong();
    int sev = r.readByte();
    Severity severity;
    try {
      severity = sev == 0 ? null : Severity.ofCode(sev - 1);
    } catch (IllegalArgumentException e) {
      throw new CorruptFrameException("unknown severity " + sev);
    }
    String severityText = r.readNullableString();
    String service = r.readNullableString();
    String host = r.readNullableString();
    String message = r.readNullableString();
    int n = r.readVarInt();
    Map<String, Object> attrs = n == 0 ? Map.of() : new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String key = r.readNullableString();
      int type = r.readByte();
      Object v;
      switch (type) {
        case T_STRING: v = r.readNullableString(); break;
        case T_LONG: v = unzigzag(r.readVarLong()); break;
        case T_DOUBLE: v = r.readDouble(); break;
        case T_TRUE: v = Boolean.TRUE; break;
        case T_FALSE: v = Boolean.FALSE; break;
        default: throw new CorruptFrameException("unknown attribute type " + type);
      }
      attrs.put(key, v);
    }
    String traceId = r.readNullableString();
    String spanId = r.readNullableString();
    String patternId = r.readNullableString();
    String template = r.readNullableString();
    return new LogEvent(id, tenant, kind, time, ingestedNanos,
        severity, severityText, service, host, message, attrs,
        traceId, spanId, patternId, template);
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
