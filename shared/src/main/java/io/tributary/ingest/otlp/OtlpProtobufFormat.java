package io.tributary.ingest.otlp;

import io.tributary.frame.ByteWriter;
import io.tributary.frame.FrameItems;
import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.Reasons;
import io.tributary.ingest.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP/HTTP logs in binary protobuf ({@code application/x-protobuf}) on
 * {@code POST /api/compat/otlp/v1/logs}: an {@code ExportLogsServiceRequest}, read by hand (no
 * generated classes: the core stays small), one item per {@code LogRecord} in the order sent,
 * across resources and scopes. What a record means is {@link OtlpMapping}'s.
 *
 * <p>A body whose envelope does not parse (a truncated body, a length that runs past its
 * message, a resource or scope list that is not protobuf) is refused whole with
 * {@code malformed_protobuf}, since its records cannot be told apart; a record whose own bytes do
 * not parse, inside an intact envelope, is rejected alone and the rest kept. Unknown fields are
 * skipped, as protobuf's compatibility rules ask.
 *
 * <p>Wire ids 6 (body) and 7 (items: each accepted record as a request of one resource, one scope
 * and that record).
 */
public final class OtlpProtobufFormat implements IngestFormat {

  public static final OtlpProtobufFormat INSTANCE = new OtlpProtobufFormat();

  /** The route of OTLP/HTTP logs, under {@code /api/}. */
  public static final String ROUTE = "compat/otlp/v1/logs";

  // Wire ids: written into frames, never change or reuse one.
  private static final PayloadLayout BODY = PayloadLayout.of(6, "OTLP_PROTOBUF_BODY");
  private static final PayloadLayout ITEMS = PayloadLayout.of(7, "OTLP_PROTOBUF_ITEMS");

  /** Deeper AnyValues are refused before the stack is at risk (the limit on attributes is lower). */
  private static final int MAX_VALUE_DEPTH = 64;

  private OtlpProtobufFormat() {
  }

  @Override
  public String name() {
    return "otlp-protobuf";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return ITEMS;
  }

  @Override
  public String route() {
    return ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/x-protobuf", "application/protobuf");
  }

  /** One record found in a body, with where its resource and scope are. */
  @FunctionalInterface
  private interface Visitor {
    void record(int index, int start, int end, OtlpScope resource, int[] resourceRange, OtlpScope scope,
        int[] scopeRange) throws BodyRefusal;
  }

  @Override
  public void read(byte[] body, BodyReading r) throws BodyRefusal {
    walk(body, (index, start, end, resource, rr, scope, sr) -> {
      if (r.begin(index)) {
        OtlpMapping.record(r, index, start, end, resource, scope, record(body, start, end));
      }
    });
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    byte[] item = java.util.Arrays.copyOfRange(b, from, to);
    try {
      walk(item, (index, start, end, resource, rr, scope, sr) ->
          OtlpMapping.record(r, 0, start, end, resource, scope, record(item, start, end)));
    } catch (BodyRefusal e) {
      r.reject(0, e.problem().code(), e.getMessage());
    }
  }

  @Override
  public FrameItems items(byte[] body, BodyReading judged) {
    List<Rejection> rejected = judged.rejections();
    List<byte[]> items = new ArrayList<>(judged.accepted());
    int[] at = {0};
    try {
      walk(body, (index, start, end, resource, rr, scope, sr) -> {
        while (at[0] < rejected.size() && rejected.get(at[0]).index() < index) {
          at[0]++;
        }
        if (at[0] < rejected.size() && rejected.get(at[0]).index() == index) {
          return;
        }
        items.add(standalone(body, rr, sr, start, end));
      });
    } catch (BodyRefusal e) {
      throw new IllegalStateException("a body judged readable does not read again", e);
    }
    return FrameItems.of(items);
  }

  /** A request of one resource, one scope and one record, their bytes as sent. */
  private static byte[] standalone(byte[] b, int[] resource, int[] scope, int start, int end) {
    ByteWriter sl = new ByteWriter(end - start + 64);
    if (scope != null) {
      field(sl, 1, b, scope[0], scope[1]);
    }
    field(sl, 2, b, start, end);
    ByteWriter rl = new ByteWriter(sl.size() + 64);
    if (resource != null) {
      field(rl, 1, b, resource[0], resource[1]);
    }
    field(rl, 2, sl.array(), 0, sl.size());
    ByteWriter req = new ByteWriter(rl.size() + 8);
    field(req, 1, rl.array(), 0, rl.size());
    return req.toByteArray();
  }

  private static void field(ByteWriter w, int number, byte[] b, int from, int to) {
    w.writeVarLong(number << 3 | ProtoReader.LENGTH);
    w.writeVarLong(to - from);
    w.writeBytes(b, from, to - from);
  }

  // ---- the envelope: ExportLogsServiceRequest > ResourceLogs > ScopeLogs > LogRecord ----------

  private static void walk(byte[] b, Visitor v) throws BodyRefusal {
    try {
      ProtoReader req = new ProtoReader(b, 0, b.length);
      int[] index = {0};
      while (req.hasMore()) {
        int tag = req.tag();
        if (tag >>> 3 == 1) {
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          req.length();
          resourceLogs(b, req.start(), req.position(), index, v);
        } else {
          req.skip(tag);
        }
      }
    } catch (ProtoException e) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_PROTOBUF, "the body is not an OTLP ExportLogsServiceRequest: "
          + e.getMessage() + "; no record of this request was accepted");
    }
  }

  private static void resourceLogs(byte[] b, int from, int to, int[] index, Visitor v)
      throws ProtoException, BodyRefusal {
    int[] resourceRange = last(b, from, to, 1);
    OtlpScope resource = resourceRange == null ? OtlpScope.NONE : scope(b, resourceRange, false);
    each(b, from, to, 2, (start, end) -> scopeLogs(b, start, end, index, resource, resourceRange, v));
  }

  private static void scopeLogs(byte[] b, int from, int to, int[] index, OtlpScope resource, int[] resourceRange,
      Visitor v) throws ProtoException, BodyRefusal {
    int[] scopeRange = last(b, from, to, 1);
    OtlpScope scope = scopeRange == null ? OtlpScope.NONE : scope(b, scopeRange, true);
    each(b, from, to, 2, (start, end) -> v.record(index[0]++, start, end, resource, resourceRange, scope, scopeRange));
  }

  /** What is done with one length-delimited field's bytes {@code [start, end)}; {@code X} what else it may throw. */
  @FunctionalInterface
  private interface Field<X extends Exception> {
    void read(int start, int end) throws ProtoException, X;
  }

  /**
   * The range of the length-delimited field number {@code field} in {@code [from, to)} (its last
   * occurrence, as protobuf reads a repeated singular field), or null; the whole range is read.
   */
  private static int[] last(byte[] b, int from, int to, int field) throws ProtoException {
    int[][] found = {null};
    each(b, from, to, field, (start, end) -> found[0] = new int[] {start, end});
    return found[0];
  }

  /** Reads every length-delimited field number {@code field} in {@code [from, to)}, in order. */
  private static <X extends Exception> void each(byte[] b, int from, int to, int field, Field<X> read)
      throws ProtoException, X {
    ProtoReader p = new ProtoReader(b, from, to);
    while (p.hasMore()) {
      int tag = p.tag();
      if (tag >>> 3 == field) {
        ProtoReader.expect(tag, ProtoReader.LENGTH);
        p.length();
        read.read(p.start(), p.position());
      } else {
        p.skip(tag);
      }
    }
  }

  /**
   * A Resource ({@code attributes} = 1) or InstrumentationScope ({@code name} = 1, {@code version} =
   * 2, {@code attributes} = 3); one that does not parse rejects each of its records.
   */
  private static OtlpScope scope(byte[] b, int[] range, boolean isScope) {
    List<AnyValues.KeyValue> attributes = new ArrayList<>();
    String name = null;
    String version = null;
    try {
      ProtoReader p = new ProtoReader(b, range[0], range[1]);
      int attributesField = isScope ? 3 : 1;
      while (p.hasMore()) {
        int tag = p.tag();
        int field = tag >>> 3;
        if (field == attributesField) {
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          p.length();
          attributes.add(keyValue(b, p.start(), p.position(), 0));
        } else if (isScope && (field == 1 || field == 2)) {
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          p.length();
          if (field == 1) {
            name = p.string();
          } else {
            version = p.string();
          }
        } else {
          p.skip(tag);
        }
      }
    } catch (ProtoException e) {
      return new OtlpScope(List.of(), null, null, e.code(), "the record's " + (isScope ? "scope" : "resource")
          + " does not read: " + e.getMessage());
    }
    return new OtlpScope(attributes, name, version, null, null);
  }

  // ---- one record ----------------------------------------------------------------------------

  private static OtlpRecord record(byte[] b, int from, int to) {
    OtlpRecord rec = new OtlpRecord();
    try {
      ProtoReader p = new ProtoReader(b, from, to);
      while (p.hasMore()) {
        int tag = p.tag();
        switch (tag >>> 3) {
          case 1:
            ProtoReader.expect(tag, ProtoReader.FIXED64);
            rec.timeUnixNano = p.fixed64();
            break;
          case 11:
            ProtoReader.expect(tag, ProtoReader.FIXED64);
            rec.observedTimeUnixNano = p.fixed64();
            break;
          case 2:
            ProtoReader.expect(tag, ProtoReader.VARINT);
            rec.severityNumber = p.varint();
            break;
          case 3:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            rec.severityText = p.string();
            break;
          case 5:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            rec.body = anyValue(b, p.start(), p.position(), 0);
            break;
          case 6:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            rec.attributes.add(keyValue(b, p.start(), p.position(), 0));
            break;
          case 9:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            rec.traceId = id(p.bytes(), 16, "traceId", rec);
            break;
          case 10:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            rec.spanId = id(p.bytes(), 8, "spanId", rec);
            break;
          case 12:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            rec.eventName = p.string();
            break;
          default:
            p.skip(tag);
        }
      }
    } catch (ProtoException e) {
      rec.error(e.code(), "the log record does not read: " + e.getMessage());
    }
    return rec;
  }

  /** An id as lower-case hex; null when empty or all zeros (OTLP's "no id"). */
  static String id(byte[] id, int size, String field, OtlpRecord rec) {
    if (id.length == 0) {
      return null;
    }
    if (id.length != size) {
      rec.error(Reasons.INVALID_TRACE_ID, field + " is " + id.length + " bytes; OTLP's are " + size + " bytes");
    }
    boolean zero = true;
    StringBuilder s = new StringBuilder(id.length * 2);
    for (byte x : id) {
      zero &= x == 0;
      s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return zero ? null : s.toString();
  }

  private static AnyValues.KeyValue keyValue(byte[] b, int from, int to, int depth) throws ProtoException {
    String key = "";
    Object value = null;
    ProtoReader p = new ProtoReader(b, from, to);
    while (p.hasMore()) {
      int tag = p.tag();
      int field = tag >>> 3;
      if (field == 1) {
        ProtoReader.expect(tag, ProtoReader.LENGTH);
        p.length();
        key = p.string();
      } else if (field == 2) {
        ProtoReader.expect(tag, ProtoReader.LENGTH);
        p.length();
        value = anyValue(b, p.start(), p.position(), depth);
      } else {
        p.skip(tag);
      }
    }
    return new AnyValues.KeyValue(key, value);
  }

  private static Object anyValue(byte[] b, int from, int to, int depth) throws ProtoException {
    if (depth > MAX_VALUE_DEPTH) {
      throw new ProtoException("values nest deeper than " + MAX_VALUE_DEPTH + " levels");
    }
    Object value = null;
    ProtoReader p = new ProtoReader(b, from, to);
    while (p.hasMore()) {
      int tag = p.tag();
      switch (tag >>> 3) {
        case 1:
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          p.length();
          value = p.string();
          break;
        case 2:
          ProtoReader.expect(tag, ProtoReader.VARINT);
          value = p.varint() != 0;
          break;
        case 3:
          ProtoReader.expect(tag, ProtoReader.VARINT);
          value = p.varint();
          break;
        case 4:
          ProtoReader.expect(tag, ProtoReader.FIXED64);
          value = Double.longBitsToDouble(p.fixed64());
          break;
        case 5: {
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          p.length();
          List<Object> values = new ArrayList<>();
          each(b, p.start(), p.position(), 1, (start, end) -> values.add(anyValue(b, start, end, depth + 1)));
          value = values;
          break;
        }
        case 6: {
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          p.length();
          List<AnyValues.KeyValue> values = new ArrayList<>();
          each(b, p.start(), p.position(), 1, (start, end) -> values.add(keyValue(b, start, end, depth + 1)));
          value = new AnyValues.KvList(values);
          break;
        }
        case 7:
          ProtoReader.expect(tag, ProtoReader.LENGTH);
          p.length();
          value = new AnyValues.Bytes(p.bytes());
          break;
        default:
          p.skip(tag);
      }
    }
    return value;
  }
}
