package io.tributary.local.blocks;

import com.github.luben.zstd.Zstd;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One block file, opened: its header in memory (bounds, severities, services, hosts, token filter)
 * and its columns and chunks read from disk on demand. The channel stays open until the block is
 * retired, so queries never race a compaction's delete. Thread-safe (positional reads only).
 */
final class Block {

  private static final int TIME = 0;
  private static final int INGESTED = 1;
  private static final int SEVERITY = 2;
  private static final int SERVICE = 3;
  private static final int HOST = 4;
  /** Version 4 on. */
  private static final int KEY = 5;
  /** The parsed chunk filters, in the {@link ColumnCache} beside the columns. */
  private static final int CHUNK_FILTERS = 6;
  private static final int CACHED = 7;

  final long seq;
  final Path path;
  final TenantId tenant;
  final int count;
  final long minTime;
  final long maxTime;
  final long minIngested;
  final long maxIngested;
  final int severityMask;
  final String[] services;
  final String[] hosts;
  final TokenFilter filter;
  /** Bytes of rows in the block, uncompressed. */
  final long rawBytes;
  /** Bytes of rows of the largest chunk, uncompressed: what reading a chunk holds in memory. */
  final long largestChunk;
  private final int chunkRows;
  /** Rows of a frame (the last of a chunk may have fewer); the chunk's rows in blocks before version 5. */
  private final int frameRows;
  private final long[] columns;
  /** Per chunk: offset, length, raw length. */
  private final long[] chunks;
  /** Per frame, all chunks' one after the other: offset, length, raw length. */
  private final long[] frames;
  /** The first frame of each chunk in {@link #frames}, and the frame count last. */
  private final int[] frameFirst;
  /** Where the block's zstd dictionary is (offset, length), length 0 when it has none. */
  private final long dictionaryOffset;
  private final int dictionaryLength;
  /** The dictionary, digested for decompression once it is first needed. */
  private volatile com.github.luben.zstd.ZstdDictDecompress dictionary;
  /** The first row of each chunk, and the row count last. */
  private final int[] chunkFirst;
  /** True when every chunk but the last holds exactly chunkRows rows (all of them before version 3). */
  private final boolean uniformChunks;
  /** Where the per-chunk filters are (offset, length, raw length), or null in a version 1 block. */
  private final long[] chunkFilters;
  /** The blocks a merge made this one of (version 3), empty otherwise. */
  final long[] mergedFrom;
  private final long dataStart;
  private final FileChannel channel;

  private Block(long seq, Path path, TenantId tenant, FileChannel channel, ByteReader h, long dataStart, int version) {
    this.seq = seq;
    this.path = path;
    this.tenant = tenant;
    this.channel = channel;
    this.dataStart = dataStart;
    this.count = h.readVarInt();
    this.minTime = h.readLong();
    this.maxTime = h.readLong();
    this.minIngested = h.readLong();
    this.maxIngested = h.readLong();
    this.severityMask = h.readVarInt();
    this.services = dictionary(h);
    this.hosts = dictionary(h);
    this.filter = TokenFilter.read(h);
    this.chunkRows = h.readVarInt();
    this.frameRows = version >= 5 ? h.readVarInt() : Integer.MAX_VALUE;
    if (frameRows < 1) {
      throw new IllegalArgumentException("frames of " + frameRows + " rows");
    }
    this.columns = new long[3 * (version >= 4 ? 6 : 5)];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = h.readVarLong();
    }
    int n = h.readVarInt();
    this.chunks = new long[3 * n];
    this.chunkFirst = new int[n + 1];
    this.frameFirst = new int[n + 1];
    long[] fs = new long[3 * n];
    boolean uniform = true;
    long raw = 0;
    long largest = 0;
    for (int c = 0; c < n; c++) {
      for (int k = 0; k < 3; k++) {
        chunks[3 * c + k] = h.readVarLong();
      }
      int rows = version >= 3 ? h.readVarInt() : Math.min(chunkRows, count - c * chunkRows);
      if (rows < 1) {
        throw new IllegalArgumentException("chunk " + c + " holds " + rows + " rows");
      }
      chunkFirst[c + 1] = chunkFirst[c] + rows;
      int framesInChunk = (rows - 1) / frameRows + 1;
      frameFirst[c + 1] = frameFirst[c] + framesInChunk;
      if (fs.length < 3 * frameFirst[c + 1]) {
        fs = java.util.Arrays.copyOf(fs, Math.max(3 * frameFirst[c + 1], 2 * fs.length));
      }
      int at = 3 * frameFirst[c];
      if (framesInChunk == 1) {
        fs[at] = chunks[3 * c];
        fs[at + 1] = chunks[3 * c + 1];
        fs[at + 2] = chunks[3 * c + 2];
      } else {
        long offset = chunks[3 * c];
        for (int f = 0; f < framesInChunk; f++) {
          fs[at + 3 * f] = offset;
          fs[at + 3 * f + 1] = h.readVarLong();
          fs[at + 3 * f + 2] = h.readVarLong();
          offset += fs[at + 3 * f + 1];
        }
      }
      uniform &= rows == chunkRows || c == n - 1;
      raw += chunks[3 * c + 2];
      largest = Math.max(largest, chunks[3 * c + 2]);
    }
    if (chunkFirst[n] != count) {
      throw new IllegalArgumentException("chunks hold " + chunkFirst[n] + " rows of " + count);
    }
    this.frames = java.util.Arrays.copyOf(fs, 3 * frameFirst[n]);
    this.uniformChunks = uniform;
    this.rawBytes = raw;
    this.largestChunk = largest;
    this.chunkFilters = version >= 2 ? new long[] {h.readVarLong(), h.readVarLong(), h.readVarLong()} : null;
    this.mergedFrom = new long[version >= 3 ? h.readVarInt() : 0];
    for (int i = 0; i < mergedFrom.length; i++) {
      mergedFrom[i] = h.readVarLong();
    }
    this.dictionaryOffset = version >= 5 ? h.readVarLong() : 0;
    this.dictionaryLength = version >= 5 ? (int) h.readVarLong() : 0;
  }

  /** The chunk that holds {@code row}. */
  int chunkOf(int row) {
    if (uniformChunks) {
      return row / chunkRows;
    }
    int lo = 0;
    int hi = chunkFirst.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (chunkFirst[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The first row of chunk {@code c} ({@code c} may be the chunk count: then the row count). */
  int chunkStart(int c) {
    return chunkFirst[c];
  }

  /** The chunks' filters, chunk by chunk, or null in a block written before chunks had filters. */
  TokenFilter[] chunkFilters() throws IOException {
    Filters f = filters();
    return f == null ? null : f.chunks;
  }

  /**
   * The filters of chunk {@code c}'s frames, frame by frame, or null when the chunk is one frame
   * (its own filter is the frame's) or has no filters.
   */
  TokenFilter[] frameFilters(int c) throws IOException {
    Filters f = filters();
    return f == null ? null : f.frames[c];
  }

  /** The chunks' filters and, for chunks of several frames, their frames' filters. */
  private record Filters(TokenFilter[] chunks, TokenFilter[][] frames) {
  }

  private Filters filters() throws IOException {
    if (chunkFilters == null) {
      return null;
    }
    int n = chunks.length / 3;
    return ColumnCache.SHARED.get(this, CHUNK_FILTERS, () -> {
      byte[] raw = section(chunkFilters[0], (int) chunkFilters[1], (int) chunkFilters[2]);
      ByteReader r = new ByteReader(raw, 0, raw.length);
      TokenFilter[] fs = new TokenFilter[n];
      TokenFilter[][] frameFs = new TokenFilter[n][];
      for (int c = 0; c < n; c++) {
        fs[c] = TokenFilter.read(r);
        int k = framesIn(c);
        if (k > 1) {
          frameFs[c] = new TokenFilter[k];
          for (int f = 0; f < k; f++) {
            frameFs[c][f] = TokenFilter.read(r);
          }
        }
      }
      return new Filters(fs, frameFs);
    });
  }

  /** True when the block's frames are compressed with a dictionary of its own. */
  boolean hasDictionary() {
    return dictionaryLength > 0;
  }

  /** How many frames chunk {@code c} is cut into (one before version 5). */
  int framesIn(int c) {
    return frameFirst[c + 1] - frameFirst[c];
  }

  /** The first row of frame {@code f} of chunk {@code c} ({@code f} may be the frame count: then the chunk's end). */
  int frameStart(int c, int f) {
    return f >= framesIn(c) ? chunkFirst[c + 1] : chunkFirst[c] + f * frameRows;
  }

  /** The frame of chunk {@code c} that holds {@code row}. */
  int frameOf(int c, int row) {
    return framesIn(c) == 1 ? 0 : (row - chunkFirst[c]) / frameRows;
  }

  /** False when {@code filter} rules out one of {@code tokens}. */
  static boolean mayHoldAll(TokenFilter filter, long[] tokens) {
    for (long t : tokens) {
      if (!filter.mightContain(t)) {
        return false;
      }
    }
    return true;
  }

  static Block open(Path path, long seq, TenantId tenant) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      ByteBuffer head = ByteBuffer.allocate(9);
      readFully(ch, head, 0);
      head.flip();
      if (head.get() != 'T' || head.get() != 'B' || head.get() != 'L' || head.get() != 'K') {
        throw new IOException(path + " is not a block file");
      }
      int version = head.get();
      if (version < 1 || version > BlockWriter.VERSION) {
        throw new IOException(path + ": unknown block version " + version);
      }
      int headerLength;
      long headerAt;
      long dataStart;
      if (version >= 3) {
        // The header is at the end, before its length and the magic again.
        long size = ch.size();
        ByteBuffer tail = ByteBuffer.allocate(8);
        readFully(ch, tail, size - 8);
        tail.flip();
        headerLength = tail.getInt();
        if (tail.get() != 'T' || tail.get() != 'B' || tail.get() != 'L' || tail.get() != 'K' || headerLength < 0
            || headerLength > size - 8 - BlockWriter.DATA_START) {
          throw new IOException(path + " is cut short or damaged (no block footer)");
        }
        headerAt = size - 8 - headerLength;
        dataStart = BlockWriter.DATA_START;
      } else {
        headerLength = head.getInt();
        headerAt = 9;
        dataStart = 9L + headerLength;
      }
      ByteBuffer header = ByteBuffer.allocate(headerLength);
      readFully(ch, header, headerAt);
      return new Block(seq, path, tenant, ch, new ByteReader(header.array(), 0, headerLength), dataStart, version);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e instanceof IOException io ? io : new IOException(path + " is damaged: " + e, e);
    }
  }

  private static String[] dictionary(ByteReader h) {
    String[] out = new String[h.readVarInt()];
    for (int i = 0; i < out.length; i++) {
      out[i] = h.readNullableString();
    }
    return out;
  }

  private byte[] column(int c) throws IOException {
    return section(columns[3 * c], (int) columns[3 * c + 1], (int) columns[3 * c + 2]);
  }

  private byte[] section(long offset, int length, int raw) throws IOException {
    return section(offset, length, raw, null);
  }

  /**
   * A section's bytes, decompressed into {@code reuse} when it has room for them (its first
   * {@code raw} bytes), else into a new array. The compressed bytes are read into a buffer of the
   * thread's, and decompressed by the thread's zstd context: a context costs more to make than
   * a chunk to decompress.
   */
  private byte[] section(long offset, int length, int raw, byte[] reuse) throws IOException {
    return section(offset, length, raw, reuse, null);
  }

  /** As {@link #section(long, int, int, byte[])}, decompressed with {@code dict} when not null. */
  private byte[] section(long offset, int length, int raw, byte[] reuse,
      com.github.luben.zstd.ZstdDictDecompress dict) throws IOException {
    Scratch scratch = SCRATCH.get();
    ByteBuffer b = scratch.buffer(length);
    readFully(channel, b, dataStart + offset);
    byte[] out = reuse != null && reuse.length >= raw ? reuse : new byte[raw];
    long n;
    try {
      if (dict == null) {
        n = scratch.zstd.decompressByteArray(out, 0, raw, b.array(), 0, length);
      } else {
        // The context is told the dictionary before every frame: the one it was told last may
        // belong to a block since closed.
        n = scratch.zstdWithDictionary.loadDict(dict).decompressByteArray(out, 0, raw, b.array(), 0, length);
      }
    } catch (com.github.luben.zstd.ZstdException e) {
      throw new IOException(path + ": a section does not decompress", e);
    }
    if (n != raw) {
      throw new IOException(path + ": a section does not decompress");
    }
    return out;
  }

  /** What a thread reuses to read sections: a buffer for compressed bytes and a zstd context. */
  private static final class Scratch {
    final com.github.luben.zstd.ZstdDecompressCtx zstd = new com.github.luben.zstd.ZstdDecompressCtx();
    /** Used with a block's dictionary only, so that {@link #zstd} never holds one. */
    final com.github.luben.zstd.ZstdDecompressCtx zstdWithDictionary = new com.github.luben.zstd.ZstdDecompressCtx();
    private ByteBuffer buffer = ByteBuffer.allocate(64 << 10);

    /**
     * The buffer, cleared and limited to {@code length}; grown when too small, but not kept above
     * 1 MiB (a chunk's worth: columns, which may be larger, are read once and then cached).
     */
    ByteBuffer buffer(int length) {
      if (length > MAX_KEPT) {
        return ByteBuffer.allocate(length);
      }
      if (buffer.capacity() < length) {
        buffer = ByteBuffer.allocate(Math.min(MAX_KEPT, Math.max(length, 2 * buffer.capacity())));
      }
      buffer.clear().limit(length);
      return buffer;
    }

    private static final int MAX_KEPT = 1 << 20;

    /**
     * Chunk arrays that readers of rows gave back ({@link Rows#release}), for the next ones on this
     * thread: a query reads a chunk of each of several blocks, and without them every query
     * would leave that many chunk-sized arrays to the garbage collector. At most
     * {@link #MAX_POOLED} bytes of them are kept.
     */
    private final java.util.ArrayDeque<byte[]> chunkArrays = new java.util.ArrayDeque<>();
    private long pooledBytes;

    /** A chunk array given back earlier, or null. */
    byte[] takeChunkArray() {
      byte[] a = chunkArrays.pollFirst();
      if (a != null) {
        pooledBytes -= a.length;
      }
      return a;
    }

    void giveBack(byte[] a) {
      if (pooledBytes + a.length <= MAX_POOLED) {
        chunkArrays.addFirst(a);
        pooledBytes += a.length;
      }
    }

    private static final int MAX_POOLED = 4 << 20;
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** The block's dictionary, read and digested the first time a frame needs it, or null when it has none. */
  private com.github.luben.zstd.ZstdDictDecompress dictionary() throws IOException {
    if (dictionaryLength == 0) {
      return null;
    }
    com.github.luben.zstd.ZstdDictDecompress d = dictionary;
    if (d == null) {
      synchronized (this) {
        d = dictionary;
        if (d == null) {
          ByteBuffer b = ByteBuffer.allocate(dictionaryLength);
          readFully(channel, b, dataStart + dictionaryOffset);
          d = new com.github.luben.zstd.ZstdDictDecompress(b.array());
          dictionary = d;
        }
      }
    }
    return d;
  }

  /** The time column (ascending); shared, not to be changed. */
  long[] times() throws IOException {
    return ColumnCache.SHARED.get(this, TIME, this::readTimes);
  }

  private long[] readTimes() throws IOException {
    byte[] raw = column(TIME);
    ByteReader r = new ByteReader(raw, 0, raw.length);
    long[] out = new long[count];
    long t = minTime;
    for (int i = 0; i < count; i++) {
      t += r.readVarLong();
      out[i] = t;
    }
    return out;
  }

  /** The ingest-time column; shared, not to be changed. */
  long[] ingested() throws IOException {
    return ColumnCache.SHARED.get(this, INGESTED, this::readIngested);
  }

  private long[] readIngested() throws IOException {
    byte[] raw = column(INGESTED);
    ByteReader r = new ByteReader(raw, 0, raw.length);
    long[] out = new long[count];
    long t = 0;
    for (int i = 0; i < count; i++) {
      t += BlockWriter.unzigzag(r.readVarLong());
      out[i] = t;
    }
    return out;
  }

  /** True when the block has a key column (version 4 on). */
  boolean hasKeys() {
    return columns.length > 3 * KEY;
  }

  /**
   * The key column ({@link BlockWriter#keyHash} of each row's id), or null in a block written
   * before it had one; shared, not to be changed.
   */
  int[] keys() throws IOException {
    if (!hasKeys()) {
      return null;
    }
    return ColumnCache.SHARED.get(this, KEY, () -> {
      byte[] raw = column(KEY);
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        out[i] = (raw[4 * i] & 0xFF) << 24 | (raw[4 * i + 1] & 0xFF) << 16 | (raw[4 * i + 2] & 0xFF) << 8
            | (raw[4 * i + 3] & 0xFF);
      }
      return out;
    });
  }

  /** Severity codes, one per row; shared, not to be changed. */
  byte[] severities() throws IOException {
    return ColumnCache.SHARED.get(this, SEVERITY, () -> column(SEVERITY));
  }

  /** Indexes into {@link #services}, one per row; shared, not to be changed. */
  int[] serviceIndexes() throws IOException {
    return ColumnCache.SHARED.get(this, SERVICE, () -> indexes(column(SERVICE)));
  }

  /** Indexes into {@link #hosts}, one per row; shared, not to be changed. */
  int[] hostIndexes() throws IOException {
    return ColumnCache.SHARED.get(this, HOST, () -> indexes(column(HOST)));
  }

  private int[] indexes(byte[] raw) {
    ByteReader r = new ByteReader(raw, 0, raw.length);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = r.readVarInt();
    }
    return out;
  }

  /** Reads rows of this block, keeping the last frame it decompressed. Not thread-safe. */
  final class Rows {
    /** The frame loaded (its index in {@link #frames}), -1 for none, and its rows {@code [first, last)}. */
    private int frame = -1;
    private int first;
    private int last;
    private byte[] raw;
    /** How many bytes of {@link #raw} the current frame fills (the array may be longer). */
    private int rawEnd;
    private int[] starts;
    private int[] ends;

    /** The frame bytes that hold the row last located by {@link #locate}. */
    byte[] raw() {
      return raw;
    }

    /** Loads the row's frame; the row's encoded bytes are then {@code raw()[start(row), end(row))}. */
    void locate(int row) throws IOException {
      load(row);
    }

    int start(int row) {
      return starts[row - first];
    }

    int end(int row) {
      return ends[row - first];
    }

    LogEvent get(int row, long ingestedNanos) throws IOException {
      load(row);
      try {
        int s = starts[row - first];
        return EventCodec.read(new ByteReader(raw, s, rawEnd - s), tenant, ingestedNanos);
      } catch (CorruptFrameException e) {
        throw new IOException(path + ": row " + row + " is damaged", e);
      }
    }

    /**
     * False when the row's message cannot hold every word: some word's bytes (ASCII, lower-case)
     * occur nowhere in it, ignoring case. A cheap test on the encoded row before decoding it;
     * true is only a maybe.
     */
    boolean mayHoldWords(int row, byte[][] words) throws IOException {
      load(row);
      int start = starts[row - first];
      ByteReader r = new ByteReader(raw, start, rawEnd - start);
      r.readByte();
      skipString(r);
      r.skip(9);
      skipString(r);
      skipString(r);
      skipString(r);
      int n = r.readVarInt();
      if (n == 0) {
        return false;
      }
      int from = r.position();
      int to = from + n - 1;
      for (int i = from; i < to; i++) {
        if (raw[i] < 0) {
          // Outside ASCII a letter may lower-case into an ASCII one (the Kelvin sign into k): decode.
          return true;
        }
      }
      for (byte[] w : words) {
        if (indexOfIgnoreCase(raw, from, to, w) < 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * Gives the frame array to this thread's next readers of rows; this one reads its next row
     * into another. Events it handed out are not affected: they hold copies.
     */
    void release() {
      if (raw != null) {
        SCRATCH.get().giveBack(raw);
        raw = null;
        frame = -1;
      }
    }

    /**
     * False when some of {@code needles} does not occur, byte for byte, in the row's encoded form
     * (text is stored as its UTF-8 bytes). True is only a maybe.
     */
    boolean mayHoldBytes(int row, byte[][] needles) throws IOException {
      load(row);
      int from = starts[row - first];
      int to = ends[row - first];
      for (byte[] needle : needles) {
        if (indexOf(raw, from, to, needle) < 0) {
          return false;
        }
      }
      return true;
    }

    private void load(int row) throws IOException {
      if (frame >= 0 && row >= first && row < last) {
        return;
      }
      int c = chunkOf(row);
      int f = frameOf(c, row);
      // The previous frame's array is reused: a Rows reads one frame at a time.
      int at = frameFirst[c] + f;
      int rawLength = (int) frames[3 * at + 2];
      raw = section(frames[3 * at], (int) frames[3 * at + 1], rawLength,
          raw != null ? raw : SCRATCH.get().takeChunkArray(), dictionary());
      rawEnd = rawLength;
      first = frameStart(c, f);
      last = frameStart(c, f + 1);
      int rowsInFrame = last - first;
      if (starts == null || starts.length < rowsInFrame) {
        starts = new int[rowsInFrame];
        ends = new int[rowsInFrame];
      }
      ByteReader r = new ByteReader(raw, 0, rawLength);
      for (int i = 0; i < rowsInFrame; i++) {
        int len = r.readVarInt();
        starts[i] = r.position();
        r.skip(len);
        ends[i] = r.position();
      }
      frame = at;
    }
  }

  private static void skipString(ByteReader r) {
    int n = r.readVarInt();
    if (n > 0) {
      r.skip(n - 1);
    }
  }

  /** Where {@code word} (lower-case ASCII) occurs in {@code b[from, to)} ignoring ASCII case, or -1. */
  static int indexOfIgnoreCase(byte[] b, int from, int to, byte[] word) {
    int last = to - word.length;
    byte first = word[0];
    for (int i = from; i <= last; i++) {
      if ((b[i] | 0x20) != first && b[i] != first) {
        continue;
      }
      int k = 1;
      while (k < word.length) {
        byte x = b[i + k];
        if (x != word[k] && ((x | 0x20) != word[k] || !isAsciiLetter(x))) {
          break;
        }
        k++;
      }
      if (k == word.length) {
        return i;
      }
    }
    return -1;
  }

  /** Where {@code needle} occurs in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte[] needle) {
    int last = to - needle.length;
    byte first = needle[0];
    for (int i = from; i <= last; i++) {
      if (b[i] != first) {
        continue;
      }
      int k = 1;
      while (k < needle.length && b[i + k] == needle[k]) {
        k++;
      }
      if (k == needle.length) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAsciiLetter(byte x) {
    return (x >= 'A' && x <= 'Z') || (x >= 'a' && x <= 'z');
  }

  Rows rows() {
    return new Rows();
  }

  /**
   * The block's content apart from how it was compressed, for comparing blocks across zstd
   * versions: the header's values and every section decompressed (columns, chunks, chunk filters).
   */
  java.util.List<Object> content() throws IOException {
    java.util.List<Object> out = new java.util.ArrayList<>();
    out.add(java.util.List.of(count, minTime, maxTime, minIngested, maxIngested, severityMask,
        java.util.Arrays.asList(services), java.util.Arrays.asList(hosts), chunkRows));
    io.tributary.frame.ByteWriter f = new io.tributary.frame.ByteWriter(1024);
    filter.write(f);
    out.add(java.util.Arrays.toString(f.toByteArray()));
    out.add(java.util.Arrays.toString(chunkFirst));
    out.add(java.util.Arrays.toString(mergedFrom));
    for (int c = 0; c < columns.length / 3; c++) {
      out.add(java.util.Arrays.toString(column(c)));
    }
    out.add(java.util.Arrays.toString(frameFirst));
    for (int k = 0; k < frames.length / 3; k++) {
      out.add(java.util.Arrays.toString(section(frames[3 * k], (int) frames[3 * k + 1], (int) frames[3 * k + 2], null,
          dictionary())));
    }
    if (chunkFilters != null) {
      out.add(java.util.Arrays.toString(section(chunkFilters[0], (int) chunkFilters[1], (int) chunkFilters[2])));
    }
    return out;
  }

  void close() throws IOException {
    ColumnCache.SHARED.invalidate(this, CACHED);
    channel.close();
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("unexpected end of block file");
      }
      pos += n;
    }
  }
}
