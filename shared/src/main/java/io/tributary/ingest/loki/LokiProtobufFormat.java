package io.tributary.ingest.loki;

import io.tributary.frame.ByteWriter;
import io.tributary.frame.FrameItems;
import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.Reasons;
import io.tributary.ingest.Rejection;
import io.tributary.ingest.otlp.ProtoException;
import io.tributary.ingest.otlp.ProtoReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Loki's push API in protobuf ({@code POST /api/compat/loki/api/v1/push},
 * {@code application/x-protobuf}), as Promtail, Grafana Alloy, Fluent Bit's loki output and
 * loki4j send it: a {@code logproto.PushRequest} compressed with snappy's block format, read by
 * hand like OTLP's ({@code streams} = 1; a stream's {@code labels} = 1 in Prometheus syntax and
 * {@code entries} = 2; an entry's {@code timestamp} = 1 {seconds = 1, nanos = 2}, {@code line} = 2
 * and {@code structuredMetadata} = 3 {name = 1, value = 2}). One item per entry, in order across
 * streams; what an entry means is {@link LokiMapping}'s.
 *
 * <p>A body that is not snappy is refused whole ({@code invalid_snappy}), one whose envelope does
 * not parse too ({@code malformed_protobuf}); an entry whose own bytes do not parse is rejected
 * alone, and so is each entry of a stream whose labels do not read ({@code invalid_labels}).
 *
 * <p>Wire ids 14 (body: the snappy block as sent) and 15 (items: each accepted entry as an
 * uncompressed request of one stream, its labels and that entry).
 */
public final class LokiProtobufFormat implements IngestFormat {

  public static final LokiProtobufFormat INSTANCE = new LokiProtobufFormat();

  // Wire ids: written into frames, never change or reuse one.
  private static final PayloadLayout BODY = PayloadLayout.of(14, "LOKI_PROTOBUF_BODY");
  private static final PayloadLayout ITEMS = PayloadLayout.of(15, "LOKI_PROTOBUF_ITEMS");

  private LokiProtobufFormat() {
  }

  @Override
  public String name() {
    return "loki-protobuf";
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
    return LokiJsonFormat.ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("application/x-protobuf", "application/protobuf");
  }

  /** One entry found in a request, with its stream's labels. */
  @FunctionalInterface
  private interface Visitor {
    void entry(int index, int start, int end, StreamLabels labels, int[] labelsRange) throws BodyRefusal;
  }

  @Override
  public void read(byte[] body, BodyReading r) throws BodyRefusal {
    byte[] b = SnappyBlock.decode(body, r.limits());
    r.formatState(b);
    walk(b, (index, start, end, labels, lr) -> {
      if (r.begin(index)) {
        LokiMapping.entry(r, index, start, end, labels, entry(b, start, end));
      }
    });
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    byte[] item = java.util.Arrays.copyOfRange(b, from, to);
    try {
      walk(item, (index, start, end, labels, lr) -> LokiMapping.entry(r, 0, start, end, labels,
          entry(item, start, end)));
    } catch (BodyRefusal e) {
      r.reject(0, e.problem().code(), e.getMessage());
    }
  }

  @Override
  public FrameItems items(byte[] body, BodyReading judged) {
    byte[] b = (byte[]) judged.formatState();
    List<Rejection> rejected = judged.rejections();
    List<byte[]> items = new ArrayList<>(judged.accepted());
    int[] at = {0};
    try {
      walk(b, (index, start, end, labels, lr) -> {
        while (at[0] < rejected.size() && rejected.get(at[0]).index() < index) {
          at[0]++;
        }
        if (at[0] < rejected.size() && rejected.get(at[0]).index() == index) {
          return;
        }
        ByteWriter stream = new ByteWriter(end - start + 64);
        if (lr != null) {
          field(stream, 1, b, lr[0], lr[1]);
        }
        field(stream, 2, b, start, end);
        ByteWriter req = new ByteWriter(stream.size() + 8);
        field(req, 1, stream.array(), 0, stream.size());
        items.add(req.toByteArray());
      });
    } catch (BodyRefusal e) {
      throw new IllegalStateException("a body judged readable does not read again", e);
    }
    return FrameItems.of(items);
  }

  private static void field(ByteWriter w, int number, byte[] b, int from, int to) {
    w.writeVarLong(number << 3 | ProtoReader.LENGTH);
    w.writeVarLong(to - from);
    w.writeBytes(b, from, to - from);
  }

  // ---- the envelope: PushRequest > StreamAdapter > EntryAdapter ------------------------------

  private static void walk(byte[] b, Visitor v) throws BodyRefusal {
    try {
      ProtoReader req = new ProtoReader(b, 0, b.length);
      int index = 0;
      while (req.hasMore()) {
        int tag = req.tag();
        if (tag >>> 3 != 1) {
          req.skip(tag);
          continue;
        }
        ProtoReader.expect(tag, ProtoReader.LENGTH);
        req.length();
        int from = req.start();
        int to = req.position();
        // The labels may come after the entries: find them first.
        int[] labelsRange = null;
        ProtoReader p = new ProtoReader(b, from, to);
        while (p.hasMore()) {
          int t = p.tag();
          if (t >>> 3 == 1) {
            ProtoReader.expect(t, ProtoReader.LENGTH);
            p.length();
            labelsRange = new int[] {p.start(), p.position()};
          } else {
            p.skip(t);
          }
        }
        StreamLabels labels = labelsRange == null ? StreamLabels.NONE : labels(b, labelsRange);
        p = new ProtoReader(b, from, to);
        while (p.hasMore()) {
          int t = p.tag();
          if (t >>> 3 == 2) {
            ProtoReader.expect(t, ProtoReader.LENGTH);
            p.length();
            v.entry(index++, p.start(), p.position(), labels, labelsRange);
          } else {
            p.skip(t);
          }
        }
      }
    } catch (ProtoException e) {
      throw BodyRefusal.badRequest(Reasons.MALFORMED_PROTOBUF, "the body is not a Loki PushRequest: "
          + e.getMessage() + "; no entry of this request was accepted");
    }
  }

  private static StreamLabels labels(byte[] b, int[] range) {
    try {
      return StreamLabels.parse(ProtoReader.text(b, range[0], range[1] - range[0]));
    } catch (ProtoException e) {
      return StreamLabels.bad("the stream's labels are not UTF-8");
    }
  }

  private static LokiEntry entry(byte[] b, int from, int to) {
    LokiEntry e = new LokiEntry();
    try {
      ProtoReader p = new ProtoReader(b, from, to);
      while (p.hasMore()) {
        int tag = p.tag();
        switch (tag >>> 3) {
          case 1:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            timestamp(b, p.start(), p.position(), e);
            break;
          case 2:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            e.line = p.string();
            break;
          case 3:
            ProtoReader.expect(tag, ProtoReader.LENGTH);
            p.length();
            e.metadata.add(pair(b, p.start(), p.position()));
            break;
          default:
            p.skip(tag);
        }
      }
    } catch (ProtoException x) {
      e.error(x.code(), "the entry does not read: " + x.getMessage());
    }
    return e;
  }

  /** google.protobuf.Timestamp: seconds = 1 (int64), nanos = 2 (int32). */
  private static void timestamp(byte[] b, int from, int to, LokiEntry e) throws ProtoException {
    long seconds = 0;
    long nanos = 0;
    ProtoReader p = new ProtoReader(b, from, to);
    while (p.hasMore()) {
      int tag = p.tag();
      if (tag >>> 3 == 1) {
        ProtoReader.expect(tag, ProtoReader.VARINT);
        seconds = p.varint();
      } else if (tag >>> 3 == 2) {
        ProtoReader.expect(tag, ProtoReader.VARINT);
        nanos = (int) p.varint();
      } else {
        p.skip(tag);
      }
    }
    if (seconds < 0 || seconds > Long.MAX_VALUE / 1_000_000_000L - 1 || nanos < 0 || nanos > 999_999_999) {
      e.error(Reasons.INVALID_TIMESTAMP, "the timestamp " + seconds + " s " + nanos
          + " ns is not a time between 1970 and 2262");
      return;
    }
    long t = seconds * 1_000_000_000L + nanos;
    e.timeNanos = t == 0 ? io.tributary.event.LogEvent.UNSET_TIME : t;
  }

  private static String[] pair(byte[] b, int from, int to) throws ProtoException {
    String name = "";
    String value = "";
    ProtoReader p = new ProtoReader(b, from, to);
    while (p.hasMore()) {
      int tag = p.tag();
      if (tag >>> 3 == 1 || tag >>> 3 == 2) {
        ProtoReader.expect(tag, ProtoReader.LENGTH);
        p.length();
        if (tag >>> 3 == 1) {
          name = p.string();
        } else {
          value = p.string();
        }
      } else {
        p.skip(tag);
      }
    }
    return new String[] {name, value};
  }
}
