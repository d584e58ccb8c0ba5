package io.tributary.local.blocks;

import com.github.luben.zstd.Zstd;
import io.tributary.event.LogEvent;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EventCodec;
import io.tributary.query.Words;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes one block: the events of one tenant and day, sorted by (time, id), as columns (time,
 * ingest time, severity, service, host) for filtering and zstd chunks of whole events for reading,
 * with a header that lets a query skip the block: time bounds, severities, the services and hosts
 * present, and a filter of its words and attribute values. Events are added one at a time, so a
 * merge of large blocks never holds more than one chunk of events.
 *
 * <pre>
 * 'T' 'B' 'L' 'K' version:u8 headerLength:i32 header data
 * header: count minTime maxTime minIngested maxIngested severityMask services hosts filter chunkRows
 *         5 × column(offset, length, rawLength) chunkCount × chunk(offset, length, rawLength)
 *         chunkFilters(offset, length, rawLength)
 * chunkFilters (raw): chunkCount × filter — the words and attribute values of each chunk's rows
 * </pre>
 *
 * <p>The block's filter lets a query skip a block; a chunk's filter lets it skip the chunk's 512
 * rows without decompressing them — what makes a rare word (in a few rows of every block) cheap.
 *
 * <p>Not thread-safe.
 */
final class BlockWriter {

  /** 2 adds a filter per chunk (a section after the columns); blocks of version 1 are still read. */
  static final int VERSION = 2;
  static final int CHUNK_ROWS = 512;
  private static final int LEVEL = 1;
  /**
   * Bits per distinct token in a chunk's filter: a few per cent of false hits, half the size of
   * the block's 12. A chunk wrongly kept costs only one decompression.
   */
  static final int CHUNK_FILTER_BITS = 6;
  private static final int CHUNK_FILTER_CAPACITY = 40_000;

  private final Map<String, Integer> services = new HashMap<>();
  private final Map<String, Integer> hosts = new HashMap<>();
  private final java.util.List<String> serviceNames = new java.util.ArrayList<>();
  private final java.util.List<String> hostNames = new java.util.ArrayList<>();
  private final TokenFilter tokens;
  private final ByteWriter time = new ByteWriter(4096);
  private final ByteWriter ingested = new ByteWriter(4096);
  private final ByteWriter severity = new ByteWriter(1024);
  private final ByteWriter service = new ByteWriter(1024);
  private final ByteWriter host = new ByteWriter(1024);
  private final ByteWriter rows = new ByteWriter(CHUNK_ROWS * 200);
  private final ByteWriter data = new ByteWriter(1 << 16);
  private final ByteWriter chunkDir = new ByteWriter(256);
  private final ByteWriter chunkFilters = new ByteWriter(4096);
  /**
   * The current chunk's tokens, in a filter sized for far more than a chunk of ordinary lines
   * holds (so it stays sparse and its distinct count can be read from it), folded to size when the
   * chunk is written, then cleared for the next.
   */
  private final TokenFilter chunkTokens = TokenFilter.forTokens(CHUNK_FILTER_CAPACITY);
  private int count;
  private int chunks;
  private long minTime;
  private long maxTime;
  private long minIngested = Long.MAX_VALUE;
  private long maxIngested = Long.MIN_VALUE;
  private int severityMask;
  private long prevIngested;
  private String lastService;
  private int lastServiceIndex;
  private String lastHost;
  private int lastHostIndex;

  /** @param distinctTokens about how many distinct words and attribute values the block will hold (more is fine) */
  BlockWriter(long distinctTokens) {
    this.tokens = TokenFilter.forTokens(distinctTokens);
  }

  /** The token of an attribute value in a block's filter. */
  static long attributeToken(String key, Object value) {
    return Words.attributeHash(key, value);
  }

  /**
   * Adds the next event whose row (its {@link EventCodec} bytes) is already at hand, as in a merge
   * of blocks; it must not sort before the last one added.
   */
  void add(LogEvent e, byte[] row, int offset, int length) {
    Words.forEachHash(e.message(), this::addToken);
    for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
      addToken(attributeToken(a.getKey(), a.getValue()));
    }
    append(e.timeNanos(), e.ingestedNanos(), e.severity().code(), serviceIndex(e.service()),
        hostIndex(e.host()), row, offset, length);
  }

  private void addToken(long h) {
    tokens.add(h);
    chunkTokens.add(h);
  }

  /** The index of a service in the block's dictionary, added when new. */
  private int serviceIndex(String name) {
    // Neighbouring events mostly share a service and host: skip the dictionary lookup then.
    if (!name.equals(lastService)) {
      lastService = name;
      lastServiceIndex = services.computeIfAbsent(name, k -> add(serviceNames, k));
    }
    return lastServiceIndex;
  }

  /** The index of a host in the block's dictionary, added when new. */
  private int hostIndex(String name) {
    if (!name.equals(lastHost)) {
      lastHost = name;
      lastHostIndex = hosts.computeIfAbsent(name, k -> add(hostNames, k));
    }
    return lastHostIndex;
  }

  /**
   * Appends the next row (it must not sort before the last one): its column values and its
   * {@code EventCodec} bytes.
   */
  private void append(long timeNanos, long ingestedNanos, int severityOrdinal, int serviceIndex, int hostIndex,
      byte[] row, int offset, int length) {
    if (count == 0) {
      minTime = timeNanos;
      maxTime = timeNanos;
    }
    time.writeVarLong(timeNanos - maxTime);
    maxTime = timeNanos;
    ingested.writeVarLong(zigzag(ingestedNanos - prevIngested));
    prevIngested = ingestedNanos;
    minIngested = Math.min(minIngested, ingestedNanos);
    maxIngested = Math.max(maxIngested, ingestedNanos);
    severity.writeByte(severityOrdinal);
    severityMask |= 1 << severityOrdinal;
    service.writeVarInt(serviceIndex);
    host.writeVarInt(hostIndex);
    // A row's length goes before it, so a reader can step over the rows of a chunk.
    rows.writeVarInt(length);
    rows.writeBytes(row, offset, length);
    count++;
    if (count % CHUNK_ROWS == 0) {
      flushChunk();
    }
  }

  private static int add(java.util.List<String> names, String name) {
    names.add(name);
    return names.size() - 1;
  }

  int count() {
    return count;
  }

  private void flushChunk() {
    chunkDir.writeVarLong(data.size());
    int start = data.size();
    compressInto(rows.array(), rows.size(), data);
    chunkDir.writeVarLong(data.size() - start);
    chunkDir.writeVarLong(rows.size());
    rows.reset();
    chunkTokens.folded(CHUNK_FILTER_BITS).write(chunkFilters);
    chunkTokens.clear();
    chunks++;
  }

  /** The block file's bytes. At least one event must have been added. */
  byte[] finish() {
    if (count == 0) {
      throw new IllegalStateException("a block holds at least one event");
    }
    if (count % CHUNK_ROWS != 0) {
      flushChunk();
    }
    ByteWriter columnDir = new ByteWriter(64);
    for (ByteWriter column : new ByteWriter[] {time, ingested, severity, service, host}) {
      columnDir.writeVarLong(data.size());
      int start = data.size();
      compressInto(column.array(), column.size(), data);
      columnDir.writeVarLong(data.size() - start);
      columnDir.writeVarLong(column.size());
    }
    long filtersOffset = data.size();
    compressInto(chunkFilters.array(), chunkFilters.size(), data);
    long filtersLength = data.size() - filtersOffset;
    ByteWriter h = new ByteWriter(4096);
    h.writeVarInt(count);
    h.writeLong(minTime);
    h.writeLong(maxTime);
    h.writeLong(minIngested);
    h.writeLong(maxIngested);
    h.writeVarInt(severityMask);
    writeNames(h, serviceNames);
    writeNames(h, hostNames);
    tokens.folded().write(h);
    h.writeVarInt(CHUNK_ROWS);
    h.writeBytes(columnDir.array(), 0, columnDir.size());
    h.writeVarInt(chunks);
    h.writeBytes(chunkDir.array(), 0, chunkDir.size());
    h.writeVarLong(filtersOffset);
    h.writeVarLong(filtersLength);
    h.writeVarLong(chunkFilters.size());
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

  private static void writeNames(ByteWriter h, java.util.List<String> names) {
    h.writeVarInt(names.size());
    for (String s : names) {
      h.writeString(s);
    }
  }

  /** Compresses straight into {@code out}'s buffer: no intermediate array. */
  private static void compressInto(byte[] src, int len, ByteWriter out) {
    int bound = (int) Zstd.compressBound(len);
    byte[] dst = out.reserve(bound);
    long n = Zstd.compressByteArray(dst, out.size(), bound, src, 0, len, LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
    }
    out.advance((int) n);
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
