package io.tributary.local.blocks;

import com.github.luben.zstd.Zstd;
import io.tributary.event.LogEvent;
import io.tributary.frame.ByteWriter;
import io.tributary.frame.EventCodec;
import io.tributary.query.Words;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes one block: the events of one tenant and day, sorted by (time, id), as columns (time,
 * ingest time, severity, service, host) for filtering and zstd chunks of whole events for reading,
 * with a header that lets a query skip the block: time bounds, severities, the services and hosts
 * present, and a filter of its words and attribute values. Events are added one at a time and
 * written out as they go: a chunk goes to the output as soon as it is full, and the header comes
 * last, so a writer holds one chunk of rows (at most {@link #CHUNK_ROWS} rows or about
 * {@code chunkBytes} of them) and the small columns, however large the block; a framed writer
 * holds the block's first {@link #DICTIONARY_SAMPLE_BYTES} of rows too, until it has trained the
 * block's dictionary on them.
 *
 * <pre>
 * version 5: 'T' 'B' 'L' 'K' 5:u8 data header headerLength:i32 'T' 'B' 'L' 'K'
 * header: count minTime maxTime minIngested maxIngested severityMask services hosts filter chunkRows
 *         frameRows 6 × column(offset, length, rawLength)
 *         chunkCount × chunk(offset, length, rawLength, rows, [frames × frame(length, rawLength)])
 *         chunkFilters(offset, length, rawLength) mergedFromCount:varint mergedFrom:varlong*
 *         dictionary(offset, length)
 * chunk: its frames one after the other, each a zstd frame of (at most) frameRows rows,
 *        compressed with the block's dictionary when it has one (length 0: none); the frame
 *        list is there only when the chunk has more than one frame (rows &gt; frameRows)
 * chunkFilters (raw): per chunk its filter, then, when it has more than one frame, each frame's filter
 * version 4: as version 5 without frameRows and the dictionary: a chunk is one frame
 * mergedFrom: the sequence numbers of the blocks a merge made this one of (deleted at open when
 *             still there: a crash came between the merge and their deletion)
 * columns: time (varlong deltas), ingest time (zigzag varlong deltas), severity (u8), service and
 *          host (varint dictionary indexes), key (i32 per row: {@link #keyHash} of the event's id)
 * offsets count from the end of the version byte (byte 5)
 *
 * version 3: as version 4, with 5 columns (no key column)
 * version 2: 'T' 'B' 'L' 'K' 2:u8 headerLength:i32 header data, chunks of exactly chunkRows rows
 *            (the last fewer) and no row count per chunk
 * version 1: as version 2, without the chunk filters
 * </pre>
 *
 * <p>The block's filter lets a query skip a block; a chunk's filter lets it skip the chunk's rows
 * without decompressing them, and a frame's filter the frame's — what makes a rare word (in a few
 * rows of every block) cheap: a query decompresses the frames of {@link #FRAME_ROWS} rows that
 * hold it, not their chunks of {@link #CHUNK_ROWS}. Frames that small compress badly on their own
 * (ratio 6.1 against 8.9 for whole chunks on the load test's lines); with a dictionary of
 * {@link #DICTIONARY_BYTES} trained on the block's first rows they come back to 7.7. Training
 * takes 50–170 ms, so only blocks that compaction merges are framed: the small blocks processing
 * writes on every batch keep one frame per chunk and no dictionary, and cost what they did.
 *
 * <p>Not thread-safe.
 */
final class BlockWriter {

  /**
   * 5 cut chunks into frames compressed with a dictionary of the block's and filtered each;
   * 4 added the key column (so counts can drop a second copy of an event without reading rows);
   * 3 put the header last (so a block streams out) and closes a chunk at {@link #CHUNK_ROWS} rows
   * or at a byte size, whichever comes first; 2 added a filter per chunk. Versions 1 to 4 are
   * still read.
   */
  static final int VERSION = 5;
  static final int CHUNK_ROWS = 512;
  /** Rows of a frame in a framed block: the unit a rare word's rows are decompressed in. */
  static final int FRAME_ROWS = 64;
  /** The most bytes of a block's dictionary. */
  static final int DICTIONARY_BYTES = 64 << 10;
  /** Bytes of the block's first rows its dictionary is trained on (fewer in a smaller block). */
  static final int DICTIONARY_SAMPLE_BYTES = 1 << 20;
  /** Fewer bytes of rows than this and a framed block goes without a dictionary. */
  static final int DICTIONARY_MIN_SAMPLE_BYTES = 64 << 10;
  /** A chunk closes once its rows reach this many bytes (rows of large events make small chunks). */
  static final int CHUNK_BYTES = 1 << 20;
  private static final int LEVEL = 1;
  /** Bytes before the data: magic and version. */
  static final int DATA_START = 5;
  /**
   * Bits per distinct token in a chunk's filter: a few per cent of false hits, half the size of
   * the block's 12. A chunk wrongly kept costs only one decompression.
   */
  static final int CHUNK_FILTER_BITS = 6;
  private static final int CHUNK_FILTER_CAPACITY = 40_000;
  /** Slots of the cache of tokens already in the current frame's filters (a power of two). */
  private static final int SEEN_SLOTS = 1024;
  private static final int FRAME_FILTER_CAPACITY = CHUNK_FILTER_CAPACITY * FRAME_ROWS / CHUNK_ROWS;

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
  private final ByteWriter key = new ByteWriter(4096);
  private final ByteWriter rows = new ByteWriter(CHUNK_ROWS * 200);
  private final ByteWriter chunkDir = new ByteWriter(256);
  private final ByteWriter chunkFilters = new ByteWriter(4096);
  /** Where compressed sections go before they are written out; grows to the largest section. */
  private byte[] compressed = new byte[0];
  private final OutputStream out;
  private final int chunkBytes;
  /** Bytes of data written so far (offsets of sections are relative to the data's start). */
  private long dataSize;
  /** The most bytes of rows one chunk held (what a reader decompresses at once). */
  private int largestChunk;
  /**
   * The current chunk's tokens, in a filter sized for far more than a chunk of ordinary lines
   * holds (so it stays sparse and its distinct count can be read from it), folded to size when the
   * chunk is written, then cleared for the next.
   */
  private final TokenFilter chunkTokens = TokenFilter.forTokens(CHUNK_FILTER_CAPACITY);
  /** Rows of a frame: {@link #FRAME_ROWS}, or {@link #CHUNK_ROWS} when the block is not framed. */
  private final int frameRows;
  /** The current frame's tokens (a framed block only), as {@link #chunkTokens}. */
  private final TokenFilter frameTokens;
  /**
   * Tokens already in the current frame's (and chunk's, and block's) filters: a direct-mapped cache
   * by the token's hash, each slot valid for the frame it was filled in ({@link #frameNumber}, which
   * {@link #closeFrame} moves on; a chunk ends by closing its last frame, so the chunk's filter is
   * never cleared under a valid slot, and nothing needs clearing). A hit skips the filters; a miss
   * (a new token, or one evicted by another of the same slot) adds it again, which is harmless.
   */
  private final long[] seen = new long[SEEN_SLOTS];
  private final int[] seenFrame = new int[SEEN_SLOTS];
  private int frameNumber = 1;
  /** The current chunk's frames' filters, written after the chunk's own when it has several frames. */
  private final ByteWriter frameFilters = new ByteWriter(1024);
  /** Where each frame of the current chunk ends in {@link #rows}; frames so far in {@link #frames}. */
  private int[] frameEnds = new int[CHUNK_ROWS + 1];
  private int frames;
  private int frameStartRow;
  /**
   * Chunks closed before the dictionary was decided (a framed block's first rows): their rows, frame
   * ends and row counts, written once it is.
   */
  private final java.util.List<Object[]> pending = new java.util.ArrayList<>();
  private long pendingBytes;
  private boolean dictionaryDecided;
  private long dictionaryOffset;
  private int dictionaryLength;
  private com.github.luben.zstd.ZstdCompressCtx zstd;
  private com.github.luben.zstd.ZstdDictCompress dictionary;  private long[] mergedFrom = new long[0];
  private int count;
  private int chunks;
  private int chunkStartRow;
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

  /**
   * @param distinctTokens about how many distinct words and attribute values the block will hold (more is fine)
   * @param out where the block file's bytes go, from the first; the caller closes it
   */
  BlockWriter(long distinctTokens, OutputStream out) throws IOException {
    this(distinctTokens, out, CHUNK_BYTES);
  }

  BlockWriter(long distinctTokens, OutputStream out, int chunkBytes) throws IOException {
    this(distinctTokens, out, chunkBytes, CHUNK_ROWS);
  }

  /**
   * @param frameRows rows of a frame: {@link #CHUNK_ROWS} for one frame per chunk and no
   *     dictionary (what writing a batch's block wants: no training), {@link #FRAME_ROWS} for a
   *     framed block with a dictionary (a merge's); tests use others
   */
  BlockWriter(long distinctTokens, OutputStream out, int chunkBytes, int frameRows) throws IOException {
    if (frameRows < 1 || frameRows > CHUNK_ROWS) {
      throw new IllegalArgumentException("frameRows " + frameRows);
    }
    this.tokens = TokenFilter.forTokens(distinctTokens);
    this.out = out;
    this.chunkBytes = chunkBytes;
    this.frameRows = frameRows;
    this.frameTokens = framed() ? TokenFilter.forTokens(Math.max(1_000, FRAME_FILTER_CAPACITY)) : null;
    this.dictionaryDecided = !framed();
    this.zstd = new com.github.luben.zstd.ZstdCompressCtx().setLevel(LEVEL);
    out.write(new byte[] {'T', 'B', 'L', 'K', VERSION});
  }

  private boolean framed() {
    return frameRows < CHUNK_ROWS;
  }

  /**
   * 32 bits of an event id's hash, the key column: two rows of one time whose keys differ are two
   * events; equal keys are checked on the ids themselves.
   */
  static int keyHash(String id) {
    long h = Words.hash(id);
    return (int) (h ^ (h >>> 32));
  }

  /**
   * At most how many tokens (words and attribute values, repeats included) {@code e} adds to a
   * block's filter: what a writer's {@code distinctTokens} is summed from when nothing better is known.
   */
  static long tokenBound(LogEvent e) {
    return e.message().length() / 2 + 1 + e.attributes().size();
  }

  /** The token of an attribute value in a block's filter. */
  static long attributeToken(String key, Object value) {
    return Words.attributeHash(key, value);
  }

  /**
   * Adds the next event whose row (its {@link EventCodec} bytes) is already at hand, as in a merge
   * of blocks; it must not sort before the last one added.
   */
  void add(LogEvent e, byte[] row, int offset, int length) throws IOException {
    Words.forEachHash(e.message(), this::addToken);
    for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
      addToken(attributeToken(a.getKey(), a.getValue()));
    }
    int k = keyHash(e.id());
    key.writeByte(k >>> 24);
    key.writeByte(k >>> 16);
    key.writeByte(k >>> 8);
    key.writeByte(k);
    append(e.timeNanos(), e.ingestedNanos(), e.severity().code(), serviceIndex(e.service()),
        hostIndex(e.host()), row, offset, length);
  }

  private void addToken(long h) {
    // A word repeats from row to row (a template's constant words, a service's name): once it is in
    // the current frame's filters, adding it again changes no bit, so skip the three filters' probes.
    int slot = (int) h & (SEEN_SLOTS - 1);
    if (seen[slot] == h && seenFrame[slot] == frameNumber) {
      return;
    }
    seen[slot] = h;
    seenFrame[slot] = frameNumber;
    tokens.add(h);
    chunkTokens.add(h);
    if (frameTokens != null) {
      frameTokens.add(h);
    }
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
      byte[] row, int offset, int length) throws IOException {
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
    if (count - chunkStartRow == CHUNK_ROWS || rows.size() >= chunkBytes) {
      flushChunk();
    } else if (count - frameStartRow == frameRows) {
      closeFrame();
    }
  }

  private static int add(java.util.List<String> names, String name) {
    names.add(name);
    return names.size() - 1;
  }

  int count() {
    return count;
  }

  /** Records that this block replaces the blocks of these sequence numbers (a merge). */
  void mergedFrom(long[] seqs) {
    mergedFrom = seqs.clone();
  }

  /** The most bytes of rows one chunk held so far. */
  int largestChunk() {
    return largestChunk;
  }

  /** Ends the current frame of the current chunk at the rows written so far. */
  private void closeFrame() {
    frameNumber++;
    frameEnds[++frames] = rows.size();
    if (frameTokens != null) {
      frameTokens.folded(CHUNK_FILTER_BITS).write(frameFilters);
      frameTokens.clear();
    }
    frameStartRow = count;
  }

  private void flushChunk() throws IOException {
    if (count > frameStartRow) {
      closeFrame();
    }
    int rowCount = count - chunkStartRow;
    largestChunk = Math.max(largestChunk, rows.size());
    chunkTokens.folded(CHUNK_FILTER_BITS).write(chunkFilters);
    chunkTokens.clear();
    if (frames > 1) {
      chunkFilters.writeBytes(frameFilters.array(), 0, frameFilters.size());
    }
    frameFilters.reset();
    if (dictionaryDecided) {
      writeChunk(rows.array(), frameEnds, frames, rowCount);
    } else {
      pending.add(new Object[] {java.util.Arrays.copyOf(rows.array(), rows.size()),
          java.util.Arrays.copyOf(frameEnds, frames + 1), rowCount});
      pendingBytes += rows.size();
      if (pendingBytes >= DICTIONARY_SAMPLE_BYTES) {
        decideDictionary();
      }
    }
    rows.reset();
    frames = 0;
    chunkStartRow = count;
    chunks++;
  }

  /** Writes a chunk's frames and its entry in the chunk directory. */
  private void writeChunk(byte[] raw, int[] ends, int frameCount, int rowCount) throws IOException {
    long offset = dataSize;
    ByteWriter frameDir = frameCount > 1 ? new ByteWriter(8 * frameCount) : null;
    for (int f = 0; f < frameCount; f++) {
      long n = writeCompressed(raw, ends[f], ends[f + 1] - ends[f], true);
      if (frameDir != null) {
        frameDir.writeVarLong(n);
        frameDir.writeVarLong(ends[f + 1] - ends[f]);
      }
    }
    chunkDir.writeVarLong(offset);
    chunkDir.writeVarLong(dataSize - offset);
    chunkDir.writeVarLong(ends[frameCount]);
    chunkDir.writeVarInt(rowCount);
    if (frameDir != null) {
      chunkDir.writeBytes(frameDir.array(), 0, frameDir.size());
    }
  }

  /**
   * Trains the block's dictionary on the frames held back (when there are bytes enough; without
   * one if training fails), writes it, then the chunks held back, compressed with it.
   */
  private void decideDictionary() throws IOException {
    dictionaryDecided = true;
    if (pendingBytes >= DICTIONARY_MIN_SAMPLE_BYTES) {
      com.github.luben.zstd.ZstdDictTrainer trainer =
          new com.github.luben.zstd.ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE, pendingBytes), DICTIONARY_BYTES, LEVEL);
      for (Object[] c : pending) {
        byte[] raw = (byte[]) c[0];
        int[] ends = (int[]) c[1];
        for (int f = 0; f + 1 < ends.length; f++) {
          trainer.addSample(java.util.Arrays.copyOfRange(raw, ends[f], ends[f + 1]));
        }
      }
      byte[] dict;
      try {
        dict = trainer.trainSamples();
      } catch (com.github.luben.zstd.ZstdException e) {
        dict = null; // too few or too alike samples: the block goes without
      }
      if (dict != null && dict.length > 0) {
        dictionaryOffset = dataSize;
        dictionaryLength = dict.length;
        out.write(dict);
        dataSize += dict.length;
        dictionary = new com.github.luben.zstd.ZstdDictCompress(dict, LEVEL);
        zstd.loadDict(dictionary);
      }
    }
    for (Object[] c : pending) {
      int[] ends = (int[]) c[1];
      writeChunk((byte[]) c[0], ends, ends.length - 1, (int) c[2]);
    }
    pending.clear();
    pendingBytes = 0;
  }

  /** Writes the rest of the block: columns, chunk filters, header. At least one event must have been added. */
  void finish() throws IOException {
    if (count == 0) {
      throw new IllegalStateException("a block holds at least one event");
    }
    if (count > chunkStartRow) {
      flushChunk();
    }
    if (!dictionaryDecided) {
      decideDictionary();
    }
    ByteWriter columnDir = new ByteWriter(64);
    for (ByteWriter column : new ByteWriter[] {time, ingested, severity, service, host, key}) {
      columnDir.writeVarLong(dataSize);
      columnDir.writeVarLong(writeCompressed(column.array(), column.size()));
      columnDir.writeVarLong(column.size());
    }
    long filtersOffset = dataSize;
    long filtersLength = writeCompressed(chunkFilters.array(), chunkFilters.size());
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
    h.writeVarInt(frameRows);
    h.writeBytes(columnDir.array(), 0, columnDir.size());
    h.writeVarInt(chunks);
    h.writeBytes(chunkDir.array(), 0, chunkDir.size());
    h.writeVarLong(filtersOffset);
    h.writeVarLong(filtersLength);
    h.writeVarLong(chunkFilters.size());
    h.writeVarInt(mergedFrom.length);
    for (long seq : mergedFrom) {
      h.writeVarLong(seq);
    }
    h.writeVarLong(dictionaryOffset);
    h.writeVarLong(dictionaryLength);
    int hl = h.size();
    h.writeBytes(new byte[] {(byte) (hl >>> 24), (byte) (hl >>> 16), (byte) (hl >>> 8), (byte) hl, 'T', 'B', 'L', 'K'},
        0, 8);
    out.write(h.array(), 0, h.size());
    zstd.close();
    if (dictionary != null) {
      dictionary.close();
    }
  }

  private static void writeNames(ByteWriter h, java.util.List<String> names) {
    h.writeVarInt(names.size());
    for (String s : names) {
      h.writeString(s);
    }
  }

  /** Compresses {@code src[0, len)} (a column, the chunk filters) without the dictionary and writes it out. */
  private long writeCompressed(byte[] src, int len) throws IOException {
    return writeCompressed(src, 0, len, false);
  }

  /**
   * Compresses {@code src[from, from + len)} and writes it out: a frame with the block's dictionary
   * if it has one, anything else without. Returns the compressed length.
   */
  private long writeCompressed(byte[] src, int from, int len, boolean frame) throws IOException {
    int bound = (int) Zstd.compressBound(len);
    if (compressed.length < bound) {
      compressed = new byte[Math.max(bound, compressed.length * 2)];
    }
    long n = frame ? zstd.compressByteArray(compressed, 0, bound, src, from, len)
        : Zstd.compressByteArray(compressed, 0, bound, src, from, len, LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
    }
    out.write(compressed, 0, (int) n);
    dataSize += n;
    return n;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
