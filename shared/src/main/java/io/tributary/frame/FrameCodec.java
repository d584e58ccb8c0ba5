package io.tributary.frame;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs events into frames: the unit published to the event log (one Event Hubs message, one
 * Kafka record, one journal record). A frame holds events of one tenant, zstd-compressed, and is
 * never larger than {@link #MAX_FRAME_BYTES}, the Event Hubs message limit.
 *
 * <pre>
 * 'T' 'F' version:u8 codec:u8 tenant:str ingestedNanos:i64 count:varint rawLength:varint payload
 * </pre>
 *
 * <p>Thread-safe: all state is per call.
 */
public final class FrameCodec {

  /** Event Hubs' largest message (1 MB on Standard), less room for its own envelope. */
  public static final int MAX_FRAME_BYTES = 1_000_000;
  private static final int TARGET_RAW_BYTES = 3 << 20;
  private static final int VERSION = 1;
  private static final int CODEC_NONE = 0;
  private static final int CODEC_ZSTD = 1;
  private static final int ZSTD_LEVEL = 1;

  private final int maxFrameBytes;

  public FrameCodec() {
    this(MAX_FRAME_BYTES);
  }

  /** For tests: a smaller frame bound. */
  public FrameCodec(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Encodes {@code events} (all of {@code tenant}) into as few frames as fit the bound. */
  public List<byte[]> encode(TenantId tenant, long ingestedNanos, List<LogEvent> events) {
    List<byte[]> frames = new ArrayList<>();
    ByteWriter raw = new ByteWriter(Math.min(TARGET_RAW_BYTES, 256 * Math.max(1, events.size())));
    int[] ends = new int[events.size()];
    int first = 0;
    for (int i = 0; i < events.size(); i++) {
      EventCodec.write(events.get(i), raw);
      ends[i] = raw.size();
      if (raw.size() >= TARGET_RAW_BYTES) {
        emit(tenant, ingestedNanos, raw.array(), ends, first, first, i + 1, frames);
        raw.reset();
        first = i + 1;
      }
    }
    if (first < events.size()) {
      emit(tenant, ingestedNanos, raw.array(), ends, first, first, events.size(), frames);
    }
    return frames;
  }

  /**
   * Compresses events [from, to) of the chunk that starts at event {@code chunk} (whose encodings
   * end at {@code ends}, counted from the start of the chunk); splits in halves when too large.
   */
  private void emit(TenantId tenant, long ingestedNanos, byte[] raw, int[] ends, int chunk, int from, int to,
      List<byte[]> out) {
    int start = from == chunk ? 0 : ends[from - 1];
    int len = ends[to - 1] - start;
    byte[] frame = frame(tenant, ingestedNanos, raw, start, len, to - from);
    if (frame.length <= maxFrameBytes) {
      out.add(frame);
      return;
    }
    if (to - from == 1) {
      throw new IllegalArgumentException("one event encodes to " + frame.length + " bytes, over the frame bound "
          + maxFrameBytes + "; the per-event limit must be lower");
    }
    int mid = from + (to - from) / 2;
    emit(tenant, ingestedNanos, raw, ends, chunk, from, mid, out);
    emit(tenant, ingestedNanos, raw, ends, chunk, mid, to, out);
  }

  private static byte[] frame(TenantId tenant, long ingestedNanos, byte[] raw, int off, int len, int count) {
    ByteWriter h = new ByteWriter(64);
    h.writeByte('T');
    h.writeByte('F');
    h.writeByte(VERSION);
    h.writeByte(CODEC_ZSTD);
    h.writeString(tenant.value());
    h.writeLong(ingestedNanos);
    h.writeVarInt(count);
    h.writeVarInt(len);
    int bound = (int) Zstd.compressBound(len);
    byte[] out = Arrays.copyOf(h.array(), h.size() + bound);
    long n = Zstd.compressByteArray(out, h.size(), bound, raw, off, len, ZSTD_LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
    }
    return Arrays.copyOf(out, h.size() + (int) n);
  }

  /** Decodes a frame written by {@link #encode}. */
  public static DecodedFrame decode(byte[] frame) {
    ByteReader r = new ByteReader(frame, 0, frame.length);
    if (r.readByte() != 'T' || r.readByte() != 'F') {
      throw new CorruptFrameException("not a Tributary frame (bad magic)");
    }
    int version = r.readByte();
    if (version != VERSION) {
      throw new CorruptFrameException("unknown frame version " + version);
    }
    int codec = r.readByte();
    TenantId tenant = TenantId.of(r.readNullableString());
    long ingested = r.readLong();
    int count = r.readVarInt();
    int rawLength = r.readVarInt();
    byte[] raw;
    int payload = r.position();
    if (codec == CODEC_ZSTD) {
      raw = new byte[rawLength];
      long n;
      try {
        n = Zstd.decompressByteArray(raw, 0, rawLength, frame, payload, frame.length - payload);
      } catch (ZstdException e) {
        throw new CorruptFrameException("zstd payload does not decode: " + e.getMessage());
      }
      if (Zstd.isError(n) || n != rawLength) {
        throw new CorruptFrameException("zstd payload does not decode to " + rawLength + " bytes");
      }
    } else if (codec == CODEC_NONE) {
      raw = Arrays.copyOfRange(frame, payload, frame.length);
    } else {
      throw new CorruptFrameException("unknown frame codec " + codec);
    }
    ByteReader er = new ByteReader(raw, 0, raw.length);
    List<LogEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(EventCodec.read(er, tenant, ingested));
    }
    if (er.hasRemaining()) {
      throw new CorruptFrameException("frame has bytes after its " + count + " events");
    }
    return new DecodedFrame(tenant, ingested, events);
  }
}
