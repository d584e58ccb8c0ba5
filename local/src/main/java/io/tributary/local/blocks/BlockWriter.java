package io.tributary.local.blocks;

import com.github.luben.zstd.Zstd;
import io.tributary.event.LogEvent;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EventCodec;
import io.tributary.query.Words;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes one block: the events of one tenant and day, sorted by (time, id), as columns (time,
 * ingest time, severity, service, host) for filtering and zstd chunks of whole events for reading,
 * with a header that lets a query skip the block: time bounds, severities, the services and hosts
 * present, and a filter of its words and attribute values.
 *
 * <pre>
 * 'T' 'B' 'L' 'K' version:u8 headerLength:i32 header data
 * header: count minTime maxTime minIngested maxIngested severityMask services hosts filter chunkRows
 *         5 × column(offset, length, rawLength) chunkCount × chunk(offset, length, rawLength)
 * </pre>
 */
final class BlockWriter {

  static final int VERSION = 1;
  static final int CHUNK_ROWS = 512;
  private static final int LEVEL = 1;

  private BlockWriter() {
  }

  /** The token of an attribute value in a block's filter. */
  static long attributeToken(String key, Object value) {
    return Words.attributeHash(key, value);
  }

  /** {@code events} must be of one tenant and day, sorted by (time, id), without repeats. */
  static byte[] encode(List<LogEvent> events) {
    int n = events.size();
    Map<String, Integer> services = new LinkedHashMap<>();
    Map<String, Integer> hosts = new LinkedHashMap<>();
    long tokenCount = 0;
    for (LogEvent e : events) {
      // An upper bound of the tokens to come: a word needs at least two characters around it.
      tokenCount += e.message().length() / 2 + 1 + e.attributes().size();
    }
    TokenFilter tokens = TokenFilter.forTokens(tokenCount);
    ByteWriter time = new ByteWriter(n * 3);
    ByteWriter ingested = new ByteWriter(n * 3);
    byte[] severity = new byte[n];
    ByteWriter service = new ByteWriter(n);
    ByteWriter host = new ByteWriter(n);
    long minIngested = Long.MAX_VALUE;
    long maxIngested = Long.MIN_VALUE;
    int severityMask = 0;
    long prevTime = events.get(0).timeNanos();
    long prevIngested = 0;
    ByteWriter one = new ByteWriter(1024);
    ByteWriter rows = new ByteWriter(CHUNK_ROWS * 200);
    ByteWriter data = new ByteWriter(n * 64);
    int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
    long[] chunkDir = new long[chunks * 3];
    for (int i = 0; i < n; i++) {
      LogEvent e = events.get(i);
      time.writeVarLong(e.timeNanos() - prevTime);
      prevTime = e.timeNanos();
      ingested.writeVarLong(zigzag(e.ingestedNanos() - prevIngested));
      prevIngested = e.ingestedNanos();
      minIngested = Math.min(minIngested, e.ingestedNanos());
      maxIngested = Math.max(maxIngested, e.ingestedNanos());
      severity[i] = (byte) e.severity().ordinal();
      severityMask |= 1 << e.severity().ordinal();
      service.writeVarInt(services.computeIfAbsent(e.service(), k -> services.size()));
      host.writeVarInt(hosts.computeIfAbsent(e.host(), k -> hosts.size()));
      Words.forEachHash(e.message(), tokens::add);
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        tokens.add(attributeToken(a.getKey(), a.getValue()));
      }
      // A row's length goes before it, so a reader can step over the rows of a chunk.
      one.reset();
      EventCodec.write(e, one);
      rows.writeVarInt(one.size());
      rows.writeBytes(one.array(), 0, one.size());
      if ((i + 1) % CHUNK_ROWS == 0 || i == n - 1) {
        int c = i / CHUNK_ROWS;
        chunkDir[3 * c] = data.size();
        chunkDir[3 * c + 2] = rows.size();
        compressInto(rows.array(), rows.size(), data);
        chunkDir[3 * c + 1] = data.size() - chunkDir[3 * c];
        rows.reset();
      }
    }
    long[] columnDir = new long[15];
    ByteWriter[] columns = {time, ingested, wrap(severity), service, host};
    for (int c = 0; c < columns.length; c++) {
      columnDir[3 * c] = data.size();
      columnDir[3 * c + 2] = columns[c].size();
      compressInto(columns[c].array(), columns[c].size(), data);
      columnDir[3 * c + 1] = data.size() - columnDir[3 * c];
    }
    ByteWriter h = new ByteWriter(4096);
    h.writeVarInt(n);
    h.writeLong(events.get(0).timeNanos());
    h.writeLong(events.get(n - 1).timeNanos());
    h.writeLong(minIngested);
    h.writeLong(maxIngested);
    h.writeVarInt(severityMask);
    writeDictionary(h, services);
    writeDictionary(h, hosts);
    tokens.folded().write(h);
    h.writeVarInt(CHUNK_ROWS);
    for (long v : columnDir) {
      h.writeVarLong(v);
    }
    h.writeVarInt(chunks);
    for (long v : chunkDir) {
      h.writeVarLong(v);
    }
    ByteWriter file = new ByteWriter(9 + h.size() + data.size());
    file.writeByte('T');
    file.writeByte('B');
    file.writeByte('L');
    file.writeByte('K');
    file.writeByte(VERSION);
    int hl = h.size();
    file.writeByte(hl >>> 24);
    file.writeByte(hl >>> 16);
    file.writeByte(hl >>> 8);
    file.writeByte(hl);
    file.writeBytes(h.array(), 0, h.size());
    file.writeBytes(data.array(), 0, data.size());
    return file.toByteArray();
  }

  private static ByteWriter wrap(byte[] b) {
    ByteWriter w = new ByteWriter(b.length);
    w.writeBytes(b, 0, b.length);
    return w;
  }

  private static void writeDictionary(ByteWriter h, Map<String, Integer> dict) {
    h.writeVarInt(dict.size());
    for (String s : dict.keySet()) {
      h.writeString(s);
    }
  }

  private static void compressInto(byte[] src, int len, ByteWriter out) {
    byte[] dst = new byte[(int) Zstd.compressBound(len)];
    long n = Zstd.compressByteArray(dst, 0, dst.length, src, 0, len, LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
    }
    out.writeBytes(dst, 0, (int) n);
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
