package io.tributary.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.EventCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of an archive segment: its events in the binary event encoding, each with its ingest
 * time, compressed as one zstd frame. {@code ./tributary archive cat} prints one as NDJSON.
 *
 * <pre>
 * 'T' 'S' version:u8 zstd( count:varint (ingestedNanos:i64 event)* )
 * </pre>
 */
public final class ArchiveSegments {

  private static final int VERSION = 1;
  private static final int LEVEL = 3;

  private ArchiveSegments() {
  }

  public static byte[] encode(List<LogEvent> events) {
    ByteWriter raw = new ByteWriter(events.size() * 200 + 16);
    raw.writeVarInt(events.size());
    for (LogEvent e : events) {
      raw.writeLong(e.ingestedNanos());
      EventCodec.write(e, raw);
    }
    int bound = (int) Zstd.compressBound(raw.size());
    byte[] out = new byte[3 + bound];
    out[0] = 'T';
    out[1] = 'S';
    out[2] = VERSION;
    long n = Zstd.compressByteArray(out, 3, bound, raw.array(), 0, raw.size(), LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
    }
    return java.util.Arrays.copyOf(out, 3 + (int) n);
  }

  public static List<LogEvent> decode(TenantId tenant, byte[] segment) throws IOException {
    if (segment.length < 4 || segment[0] != 'T' || segment[1] != 'S') {
      throw new IOException("not an archive segment");
    }
    if (segment[2] != VERSION) {
      throw new IOException("unknown archive segment version " + segment[2]);
    }
    byte[] payload = java.util.Arrays.copyOfRange(segment, 3, segment.length);
    long size = Zstd.getFrameContentSize(payload);
    if (size < 0 || size > Integer.MAX_VALUE) {
      throw new IOException("archive segment has no readable zstd frame");
    }
    byte[] raw;
    try {
      raw = Zstd.decompress(payload, (int) size);
    } catch (ZstdException e) {
      throw new IOException("archive segment does not decompress: " + e.getMessage(), e);
    }
    try {
      ByteReader r = new ByteReader(raw, 0, raw.length);
      int n = r.readVarInt();
      List<LogEvent> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long ingested = r.readLong();
        events.add(EventCodec.read(r, tenant, ingested));
      }
      return events;
    } catch (CorruptFrameException e) {
      throw new IOException("archive segment is damaged: " + e.getMessage(), e);
    }
  }
}
