package io.tributary.frame;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Frames: the unit published to the event log (one Event Hubs message, one Kafka record, one
 * journal record), never larger than {@link #MAX_FRAME_BYTES}, the Event Hubs message limit.
 *
 * <p>A small request travels as its body, compressed as the client sent it (gzip or zstd) or by
 * us (zstd level 1), so ingest copies its bytes once and compresses nothing it need not. A large
 * one, or one without compression that does not fit, travels as its valid items, packed into as
 * many zstd frames as needed.
 *
 * <pre>
 * 'T' 'F' version:u8 codec:u8 layout:u8 tenant:str ingestedNanos:i64 idHi:i64 idLo:i64
 * firstSeq:varint service:str host:str severity:u8 skipCount:varint skip:varint* rawLength:varint payload
 * </pre>
 * (version 2; {@code codec} a {@link PayloadCodec} code, {@code layout} a {@link PayloadLayout}
 * code, {@code severity} 0 for none else 1 + a {@code Severity} code, {@code skip} as deltas.)
 * Version 3 is version 2 with {@code traceparent:str} after the skip list: the W3C trace context
 * of the ingest request, so processing can link its work to it. It is written only for a traced
 * request; an untraced one is still written as version 2, byte for byte.
 *
 * <p>Version 1, written by the first builds (before frames carried bodies), is still read:
 * <pre>
 * 'T' 'F' 1:u8 codec:u8 tenant:str ingestedNanos:i64 count:varint rawLength:varint payload
 * </pre>
 * whose payload is {@code count} {@link EventCodec} rows, read as layout
 * {@link PayloadLayout#EVENT_ROWS}. Both versions are pinned by the golden frames under
 * {@code shared/src/test/resources/golden}.
 *
 * <p>Thread-safe: all state is per call.
 */
public final class FrameCodec {

  /** Event Hubs' largest message (1 MB on Standard), less room for its own envelope. */
  public static final int MAX_FRAME_BYTES = 1_000_000;
  private static final int TARGET_RAW_BYTES = 3 << 20;
  private static final int VERSION = 2;
  private static final int VERSION_TRACED = 3;
  private static final int VERSION_1 = 1;
  private static final int ZSTD_LEVEL = 1;

  private final int maxFrameBytes;

  public FrameCodec() {
    this(MAX_FRAME_BYTES);
  }

  /** For tests: a smaller frame bound. */
  public FrameCodec(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * One frame carrying a whole body, or null when it would exceed the bound.
   *
   * @param payload the body as sent (compressed with {@code codec}), or raw with {@link PayloadCodec#NONE}
   *     to have it zstd-compressed here
   * @param rawLength the body's length once decompressed
   */
  public byte[] encodeBody(FrameHeader h, PayloadCodec codec, byte[] payload, int rawLength) {
    if (codec == PayloadCodec.NONE) {
      byte[] f = frame(h, raw(payload, 0, payload.length));
      return f.length <= maxFrameBytes ? f : null;
    }
    ByteWriter w = header(h, codec, rawLength);
    if (w.size() + payload.length > maxFrameBytes) {
      return null;
    }
    // One allocation of the frame's exact size and one copy of the payload (not a grown buffer and
    // a copy of it): bodies are most of what ingest moves.
    byte[] frame = new byte[w.size() + payload.length];
    System.arraycopy(w.array(), 0, frame, 0, w.size());
    System.arraycopy(payload, 0, frame, w.size(), payload.length);
    return frame;
  }

  /**
   * Frames carrying the items at {@code ranges} ({@code [start, end)} pairs into {@code body}),
   * {@code count} of them, the first with sequence number {@code h.firstSeq()}, split so that each
   * frame is within the bound.
   */
  public List<byte[]> encodeItems(FrameHeader h, byte[] body, int[] ranges, int count) {
    return encodeItems(h, FrameItems.ranges(body, ranges, count));
  }

  /**
   * Frames carrying {@code items}, each standing alone, the first with sequence number
   * {@code h.firstSeq()}, split so that each frame is within the bound.
   */
  public List<byte[]> encodeItems(FrameHeader h, FrameItems items) {
    List<byte[]> out = new ArrayList<>();
    int count = items.count();
    int first = 0;
    int rawBytes = 0;
    for (int i = 0; i < count; i++) {
      rawBytes += items.length(i) + 5;
      if (rawBytes >= TARGET_RAW_BYTES) {
        emit(h, items, first, i + 1, out);
        first = i + 1;
        rawBytes = 0;
      }
    }
    if (first < count) {
      emit(h, items, first, count, out);
    }
    return out;
  }

  private void emit(FrameHeader h, FrameItems items, int from, int to, List<byte[]> out) {
    int size = 0;
    for (int i = from; i < to; i++) {
      size += items.length(i) + 5;
    }
    ByteWriter raw = new ByteWriter(size);
    for (int i = from; i < to; i++) {
      raw.writeVarInt(items.length(i));
      items.write(i, raw);
    }
    byte[] f = frame(h.withFirstSeq(h.firstSeq() + from, h.layout()), raw(raw.array(), 0, raw.size()));
    if (f.length <= maxFrameBytes) {
      out.add(f);
      return;
    }
    if (to - from == 1) {
      throw new IllegalArgumentException("one event encodes to " + f.length + " bytes, over the frame bound "
          + maxFrameBytes + "; the per-event limit must be lower");
    }
    int mid = from + (to - from) / 2;
    emit(h, items, from, mid, out);
    emit(h, items, mid, to, out);
  }

  /** Raw bytes, zstd-compressed, with their length. */
  private record Raw(byte[] compressed, int length) {
  }

  private static Raw raw(byte[] src, int off, int len) {
    byte[] dst = new byte[(int) Zstd.compressBound(len)];
    long n = Zstd.compressByteArray(dst, 0, dst.length, src, off, len, ZSTD_LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
    }
    return new Raw(Arrays.copyOf(dst, (int) n), len);
  }

  private byte[] frame(FrameHeader h, Raw raw) {
    ByteWriter w = header(h, PayloadCodec.ZSTD, raw.length());
    w.writeBytes(raw.compressed(), 0, raw.compressed().length);
    return w.toByteArray();
  }

  private static ByteWriter header(FrameHeader h, PayloadCodec codec, int rawLength) {
    ByteWriter w = new ByteWriter(128);
    w.writeByte('T');
    w.writeByte('F');
    w.writeByte(h.traceparent() == null ? VERSION : VERSION_TRACED);
    w.writeByte(codec.code());
    w.writeByte(h.layout().code());
    w.writeString(h.tenant().value());
    w.writeLong(h.ingestedNanos());
    w.writeLong(h.idHi());
    w.writeLong(h.idLo());
    w.writeVarInt(h.firstSeq());
    w.writeNullableString(h.service());
    w.writeNullableString(h.host());
    w.writeByte(h.severity() == null ? 0 : 1 + h.severity().code());
    w.writeVarInt(h.skip().length);
    int prev = 0;
    for (int s : h.skip()) {
      w.writeVarInt(s - prev);
      prev = s;
    }
    if (h.traceparent() != null) {
      w.writeNullableString(h.traceparent());
    }
    w.writeVarInt(rawLength);
    return w;
  }

  /** Reads a frame and decompresses its payload. */
  public static Frame read(byte[] frame) {
    Parsed p = parse(frame);
    byte[] payload = decompress(p.codec(), frame, p.payloadOffset(), frame.length - p.payloadOffset(), p.rawLength());
    return new Frame(p.header(), payload);
  }

  /**
   * The length of {@code frame}'s payload once decompressed, as its header declares it, read
   * without decompressing anything: what processing may budget before decoding a frame. Throws
   * {@link CorruptFrameException} when the bytes are not a frame.
   */
  public static int rawLength(byte[] frame) {
    return parse(frame).rawLength();
  }

  /**
   * The trace context a frame carries (version 3), or null: read from the header only, and without
   * reading it at all for frames of other versions.
   */
  public static String traceparent(byte[] frame) {
    if (frame.length < 3 || frame[2] != VERSION_TRACED) {
      return null;
    }
    try {
      return parse(frame).header().traceparent();
    } catch (RuntimeException e) {
      return null; // processing quarantines the frame; its trace does not matter
    }
  }

  /** Where {@code frame}'s payload starts (for the golden tests, which compare headers byte for byte). */
  static int payloadOffset(byte[] frame) {
    return parse(frame).payloadOffset();
  }

  /** A frame's header as read, with how its payload is stored. */
  private record Parsed(FrameHeader header, PayloadCodec codec, int rawLength, int payloadOffset) {
  }

  private static Parsed parse(byte[] frame) {
    ByteReader r = new ByteReader(frame, 0, frame.length);
    if (r.readByte() != 'T' || r.readByte() != 'F') {
      throw new CorruptFrameException("not a Tributary frame (bad magic)");
    }
    int version = r.readByte();
    if (version == VERSION_1) {
      return parseVersion1(r);
    }
    if (version != VERSION && version != VERSION_TRACED) {
      throw new CorruptFrameException("unknown frame version " + version);
    }
    PayloadCodec codec = PayloadCodec.ofCode(r.readByte());
    PayloadLayout layout = PayloadLayout.ofCode(r.readByte());
    TenantId tenant = tenant(r);
    long ingested = r.readLong();
    long idHi = r.readLong();
    long idLo = r.readLong();
    int firstSeq = r.readVarInt();
    String service = r.readNullableString();
    String host = r.readNullableString();
    int sev = r.readByte();
    Severity severity;
    try {
      severity = sev == 0 ? null : Severity.ofCode(sev - 1);
    } catch (IllegalArgumentException e) {
      throw new CorruptFrameException("unknown severity " + sev);
    }
    int skipCount = r.readVarInt();
    if (skipCount > frame.length) {
      throw new CorruptFrameException("skip list longer than the frame");
    }
    int[] skip = new int[skipCount];
    int prev = 0;
    for (int i = 0; i < skipCount; i++) {
      prev += r.readVarInt();
      skip[i] = prev;
    }
    String traceparent = version == VERSION_TRACED ? r.readNullableString() : null;
    int rawLength = r.readVarInt();
    return new Parsed(new FrameHeader(tenant, ingested, idHi, idLo, firstSeq, service, host, severity, layout, skip,
        traceparent), codec, rawLength, r.position());
  }

  /** A version 1 frame: event rows, with their own ids and fields; the count is implied by the payload. */
  private static Parsed parseVersion1(ByteReader r) {
    PayloadCodec codec = PayloadCodec.ofCode(r.readByte());
    TenantId tenant = tenant(r);
    long ingested = r.readLong();
    r.readVarInt(); // count: the rows fill the payload
    int rawLength = r.readVarInt();
    return new Parsed(new FrameHeader(tenant, ingested, 0, 0, 0, null, null, null, PayloadLayout.EVENT_ROWS,
        new int[0]), codec, rawLength, r.position());
  }

  private static TenantId tenant(ByteReader r) {
    try {
      return TenantId.of(r.readNullableString());
    } catch (IllegalArgumentException e) {
      throw new CorruptFrameException("frame names no valid tenant");
    }
  }

  private static byte[] decompress(PayloadCodec codec, byte[] src, int off, int len, int rawLength) {
    if (rawLength < 0 || rawLength > (256 << 20)) {
      throw new CorruptFrameException("implausible payload length " + rawLength);
    }
    switch (codec) {
      case NONE:
        return Arrays.copyOfRange(src, off, off + len);
      case ZSTD: {
        byte[] raw = new byte[rawLength];
        long n;
        try {
          n = Zstd.decompressByteArray(raw, 0, rawLength, src, off, len);
        } catch (ZstdException e) {
          throw new CorruptFrameException("zstd payload does not decode: " + e.getMessage());
        }
        if (Zstd.isError(n) || n != rawLength) {
          throw new CorruptFrameException("zstd payload does not decode to " + rawLength + " bytes");
        }
        return raw;
      }
      case GZIP: {
        byte[] raw = new byte[rawLength];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(src, off, len), 65536)) {
          int n = in.readNBytes(raw, 0, rawLength);
          if (n != rawLength || in.read() >= 0) {
            throw new CorruptFrameException("gzip payload does not decode to " + rawLength + " bytes");
          }
        } catch (IOException e) {
          throw new CorruptFrameException("gzip payload does not decode: " + e.getMessage());
        }
        return raw;
      }
      default:
        throw new CorruptFrameException("unknown codec " + codec);
    }
  }

  /**
   * The tenant a frame's header names (for a frame whose payload does not decode, so that its
   * quarantine entry still says whose it is).
   *
   * @throws CorruptFrameException when the header does not read or names no valid tenant
   */
  public static TenantId tenantOf(byte[] frame) {
    return parse(frame).header().tenant();
  }
}
