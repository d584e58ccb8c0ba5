package io.tributary.local.blocks;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.EncodedRows;
import io.tributary.local.files.DurableFiles;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.QueryDeadline;
import io.tributary.query.LogFilter;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The local {@link LogStore} built for ingest rates an inverted index cannot keep: each upsert
 * writes its events, per tenant and UTC day, as one immutable block of compressed columns (see
 * {@link BlockWriter}) under {@code store/<tenant>/<yyyy-MM-dd>/<seq>.blk}; a background compaction
 * merges small blocks into large ones. Queries prune blocks by time, severity, service, host and a
 * per-block filter of words and attribute values, then scan the survivors' columns newest (or
 * oldest) first and stop as soon as no further block can improve the page.
 *
 * <p><b>First write wins.</b> Identity is (tenant, id) at a given time: an event upserted again (a
 * redelivered batch, a client retry, or a repeat with other content) can sit in several blocks
 * until compaction merges them, and queries and the merge alike keep one copy, the first written:
 * the one with the smallest ingest time; between copies ingested at the same moment (the same
 * frame delivered twice) the one whose encoded row sorts first, and within one upsert the earlier
 * event. Where a copy sits (which block, which sequence number) never decides, so compaction
 * cannot bring an older version back over a newer one or the reverse.
 *
 * <p>An upsert is durable when it returns (written through {@link DurableFiles}: temp file, fsync,
 * rename, fsync of the folder; owner-only) and visible at once. Compaction streams: it holds one
 * chunk per block it merges and one chunk of output, bounded in bytes ({@link CompactionLimits}),
 * so blocks of large events cannot exhaust the heap; a merged block is written before the blocks
 * it replaces are deleted, and a crash in between leaves copies the duplicate rule resolves.
 */
public final class BlockStore implements LogStore, io.tributary.retention.HotStoreDays {

  private static final Logger LOG = Logger.getLogger(BlockStore.class.getName());
  private static final String SUFFIX = ".blk";
  /** Blocks of fewer rows than this are merged once there are enough of them. */
  static final int SMALL_BLOCK = 32_768;

  /**
   * When and how much compaction merges, in rows and bytes.
   *
   * @param smallBlockRows a block with fewer rows (and fewer bytes than the next) is small
   * @param smallBlockBytes a block with fewer bytes of rows (uncompressed) is small
   * @param mergeWhen how many small blocks a day needs before they are merged
   * @param mergedMaxRows most rows of a merged block (its columns are held while it is written)
   * @param mergedMaxBytes most bytes of rows (uncompressed) of a merged block
   * @param mergeMemoryBytes most bytes a merge may hold at once: the sum, over the blocks merged, of
   *     their largest chunk and of their share of the merged block's token filter
   * @param chunkBytes a chunk of a merged block closes at this many bytes of rows
   */
  record CompactionLimits(int smallBlockRows, long smallBlockBytes, int mergeWhen, int mergedMaxRows,
      long mergedMaxBytes, long mergeMemoryBytes, int chunkBytes) {

    static final CompactionLimits DEFAULT = new CompactionLimits(SMALL_BLOCK, 8L << 20, 16, 1_000_000, 256L << 20,
        32L << 20, BlockWriter.CHUNK_BYTES);

    /**
     * The defaults, or for tests (the crash test's child runtime) {@code tributary.test.blocks.mergeWhen}.
     */
    static CompactionLimits fromSystemProperties() {
      String mergeWhen = System.getProperty("tributary.test.blocks.mergeWhen");
      if (mergeWhen == null) {
        return DEFAULT;
      }
      return new CompactionLimits(DEFAULT.smallBlockRows, DEFAULT.smallBlockBytes, Math.max(2, Integer.parseInt(mergeWhen)),
          DEFAULT.mergedMaxRows, DEFAULT.mergedMaxBytes, DEFAULT.mergeMemoryBytes, DEFAULT.chunkBytes);
    }
  }

  private final Path root;
  private final Map<TenantId, ConcurrentSkipListMap<Long, Partition>> tenants = new ConcurrentHashMap<>();
  private final AtomicLong nextSeq = new AtomicLong();
  /** Merged-away blocks, deleted after a grace period so queries reading them can finish. */
  private final java.util.Set<Block> retiring = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService background;
  private final CompactionLimits limits;
  /**
   * While this says processing is behind, background compaction waits (issue 19: the cores go to
   * the backlog first), for {@link #MAX_DEFERRAL} at most in a row and only for days with fewer
   * than {@link #DEFERRED_SMALL_BLOCKS} times {@code mergeWhen} small blocks.
   */
  private volatile java.util.function.BooleanSupplier behind = () -> false;
  /** When compaction started waiting for {@link #behind} (System.nanoTime), or -1; the compaction thread's. */
  private long deferredSince = -1;
  /** How long compaction waits for processing at most, before a round runs anyway. */
  static final Duration MAX_DEFERRAL = Duration.ofSeconds(30);
  /** A day with this many times {@code mergeWhen} small blocks is merged even while processing is behind. */
  static final int DEFERRED_SMALL_BLOCKS = 8;
  /** Runs in every merge, its rows written, before the block is finished (tests inject failures and pauses). */
  volatile MergeHook mergeHook = MergeHook.fromSystemProperties();
  private volatile boolean closed;

  /** Called in a merge with the blocks merged, once their rows are in the (unfinished) temporary file. */
  @FunctionalInterface
  interface MergeHook {
    MergeHook NONE = blocks -> { };

    void whileWriting(List<Block> blocks);

    /**
     * Test-only: {@code tributary.test.blocks.mergePauseMillis} makes every merge log
     * "block merge in progress" and sleep that long with its block half written, so the crash
     * test can kill a runtime while a merge runs.
     */
    static MergeHook fromSystemProperties() {
      String pause = System.getProperty("tributary.test.blocks.mergePauseMillis");
      if (pause == null) {
        return NONE;
      }
      long millis = Long.parseLong(pause);
      return blocks -> {
        LOG.info("block merge in progress: " + blocks.size() + " blocks");
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
    }
  }

  /** One tenant's blocks of one day; the list is replaced, never changed in place. */
  static final class Partition {
    final TenantId tenant;
    final long day;
    final Path dir;
    volatile List<Block> blocks = List.of();

    Partition(TenantId tenant, long day, Path dir) {
      this.tenant = tenant;
      this.day = day;
      this.dir = dir;
    }

    synchronized void add(Block b) {
      List<Block> l = new ArrayList<>(blocks);
      l.add(b);
      blocks = List.copyOf(l);
    }

    synchronized void replace(List<Block> old, Block merged) {
      List<Block> l = new ArrayList<>(blocks);
      l.removeAll(old);
      l.add(merged);
      blocks = List.copyOf(l);
    }

    /** Removes {@code old} (retention, erasure); answers those of them that were still here. */
    synchronized List<Block> remove(List<Block> old) {
      List<Block> l = new ArrayList<>(blocks);
      List<Block> removed = old.stream().filter(l::contains).toList();
      l.removeAll(removed);
      blocks = List.copyOf(l);
      return removed;
    }
  }

  public BlockStore(Path root) throws IOException {
    this(root, true);
  }

  /** @param compact false to leave small blocks as they are (tests of the unmerged state) */
  public BlockStore(Path root, boolean compact) throws IOException {
    this(root, compact ? Duration.ofSeconds(1) : null, CompactionLimits.fromSystemProperties());
  }

  /** @param compactEvery how often compaction looks for small blocks; null for never */
  BlockStore(Path root, Duration compactEvery, CompactionLimits limits) throws IOException {
    this.root = root;
    this.limits = limits;
    DurableFiles.createDirectories(root);
    load();
    java.util.concurrent.ScheduledThreadPoolExecutor bg = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "block-compaction");
      t.setDaemon(true);
      return t;
    });
    // Closing waits for a compaction in progress (an interrupt would close its file channel
    // mid-write) and drops the delayed deletions, which close() does itself.
    bg.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    bg.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    background = bg;
    if (compactEvery != null) {
      background.scheduleWithFixedDelay(this::compactAll, compactEvery.toMillis(), compactEvery.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void load() throws IOException {
    long maxSeq = -1;
    List<Block> opened = new ArrayList<>();
    try (Stream<Path> tenantDirs = Files.list(root)) {
      for (Path td : (Iterable<Path>) tenantDirs::iterator) {
        String name = td.getFileName().toString();
        if (!Files.isDirectory(td) || !TenantId.isValid(name)) {
          continue;
        }
        TenantId tenant = TenantId.of(name);
        try (Stream<Path> dayDirs = Files.list(td)) {
          for (Path dd : (Iterable<Path>) dayDirs::iterator) {
            try {
              LocalDate.parse(dd.getFileName().toString());
            } catch (java.time.format.DateTimeParseException e) {
              continue;
            }
            try (Stream<Path> files = Files.list(dd)) {
              for (Path f : files.sorted().toList()) {
                String fn = f.getFileName().toString();
                if (fn.endsWith(DurableFiles.TMP_SUFFIX)) {
                  Files.deleteIfExists(f); // a write a crash cut short
                } else if (fn.endsWith(SUFFIX)) {
                  long seq = Long.parseLong(fn.substring(0, fn.length() - SUFFIX.length()));
                  opened.add(Block.open(f, seq, tenant));
                  maxSeq = Math.max(maxSeq, seq);
                }
              }
            }
          }
        }
      }
    }
    // Blocks a merged block replaces, still there because a crash came before their deletion.
    java.util.Set<Long> replaced = new java.util.HashSet<>();
    for (Block b : opened) {
      for (long seq : b.mergedFrom) {
        replaced.add(seq);
      }
    }
    for (Block b : opened) {
      if (replaced.contains(b.seq)) {
        b.close();
        DurableFiles.delete(b.path);
        LOG.info("deleted block " + b.path + ", which a merged block replaces");
      } else {
        partition(b.tenant, LocalDate.parse(b.path.getParent().getFileName().toString()).toEpochDay()).add(b);
      }
    }
    nextSeq.set(maxSeq + 1);
  }

  private Partition partition(TenantId tenant, long day) {
    return tenants.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>())
        .computeIfAbsent(day, d -> new Partition(tenant, d, root.resolve(tenant.value()).resolve(LocalDate.ofEpochDay(d).toString())));
  }

  private static final Comparator<LogEvent> BY_TIME_ID =
      Comparator.comparingLong(LogEvent::timeNanos).thenComparing(LogEvent::id);

  @Override
  public void upsert(List<LogEvent> events) throws IOException {
    EncodedRows rows = new EncodedRows(events.size() * 256 + 16);
    for (LogEvent e : events) {
      rows.add(e);
    }
    upsert(events, rows);
  }

  @Override
  public void upsert(List<LogEvent> events, EncodedRows rows) throws IOException {
    if (closed) {
      throw new IOException("store is closed");
    }
    if (rows.count() != events.size()) {
      throw new IllegalArgumentException(rows.count() + " rows for " + events.size() + " events");
    }
    // Per tenant and day, the events' indexes; sorted by (time, id), the rows copied in that order.
    Map<Partition, List<Integer>> groups = new HashMap<>();
    Partition lastPartition = null;
    LogEvent lastEvent = null;
    for (int i = 0; i < events.size(); i++) {
      LogEvent e = events.get(i);
      Partition p = lastEvent != null && lastEvent.tenant().equals(e.tenant()) && lastEvent.epochDay() == e.epochDay()
          ? lastPartition : partition(e.tenant(), e.epochDay());
      groups.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      lastPartition = p;
      lastEvent = e;
    }
    for (Map.Entry<Partition, List<Integer>> g : groups.entrySet()) {
      g.getKey().add(write(g.getKey(), events, rows, g.getValue()));
    }
  }

  /**
   * Writes one block of {@code events[order]} (one tenant and day), rows in (time, id) order,
   * copied from {@code rows}. Of events equal on (time, id) the first written wins: the smallest
   * ingest time, then the earlier index.
   */
  private Block write(Partition p, List<LogEvent> events, EncodedRows rows, List<Integer> order) throws IOException {
    int n = order.size();
    long bound = 0;
    for (int i : order) {
      LogEvent e = events.get(i);
      bound += BlockWriter.tokenBound(e);
    }
    long tokens = bound;
    order.sort(Comparator.comparing((Integer i) -> events.get(i), BY_TIME_ID)
        .thenComparingLong(i -> events.get(i).ingestedNanos()).thenComparingInt(i -> i));
    byte[] data = rows.array();
    return writeBlock(p, out -> {
      BlockWriter w = new BlockWriter(tokens, out);
      LogEvent last = null;
      for (int k = 0; k < n; k++) {
        int i = order.get(k);
        LogEvent e = events.get(i);
        if (last != null && sameKey(last, e)) {
          continue; // a later copy of the one just written
        }
        w.add(e, data, rows.start(i), rows.end(i) - rows.start(i));
        last = e;
      }
      w.finish();
    });
  }

  private static boolean sameKey(LogEvent a, LogEvent b) {
    return a.timeNanos() == b.timeNanos() && a.id().equals(b.id());
  }

  /**
   * True when copy {@code a} of an event wins over copy {@code b} (same tenant, time and id): the
   * first ingested; between copies ingested at the same moment, the one whose row sorts first.
   */
  static boolean firstWins(LogEvent a, LogEvent b) {
    if (a.ingestedNanos() != b.ingestedNanos()) {
      return a.ingestedNanos() < b.ingestedNanos();
    }
    if (a.equals(b)) {
      return false;
    }
    return java.util.Arrays.compareUnsigned(row(a), row(b)) < 0;
  }

  private static byte[] row(LogEvent e) {
    io.tributary.frame.ByteWriter w = new io.tributary.frame.ByteWriter(256);
    io.tributary.frame.EventCodec.write(e, w);
    return w.toByteArray();
  }

  /** Writes a new block of partition {@code p} durably, streaming its bytes, and opens it. */
  private Block writeBlock(Partition p, DurableFiles.Content content) throws IOException {
    long seq = nextSeq.getAndIncrement();
    Path target = p.dir.resolve(String.format("%020d%s", seq, SUFFIX));
    DurableFiles.write(target, content, true);
    return Block.open(target, seq, p.tenant);
  }

  // ---- query -----------------------------------------------------------------------------------

  private record Key(long time, String id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  @Override
  public List<LogEvent> query(TenantId tenant, LogQuery q) throws IOException {
    return query(tenant, q, QueryDeadline.none());
  }

  /** Checks {@code deadline} per day and per block planned, and every {@link #ROWS_PER_CHECK} rows scanned. */
  @Override
  public List<LogEvent> query(TenantId tenant, LogQuery q, QueryDeadline deadline) throws IOException {
    ConcurrentSkipListMap<Long, Partition> days = tenants.get(tenant);
    if (days == null || q.limit() <= 0) {
      return List.of();
    }
    Plan plan = new Plan(q);
    boolean newest = q.order() == Order.NEWEST;
    java.util.NavigableMap<Long, Partition> range = daysOf(days, q);
    TreeMap<Key, LogEvent> best = new TreeMap<>();
    // Days do not overlap: they are read in the page's order, and once the page is full a day that
    // cannot improve it ends the query.
    for (Partition p : (newest ? range.descendingMap() : range).values()) {
      deadline.check();
      if (best.size() >= q.limit()) {
        long worst = newest ? best.firstKey().time() : best.lastKey().time();
        long dayStart = p.day * Timestamps.NANOS_PER_DAY;
        if (newest ? dayStart + Timestamps.NANOS_PER_DAY <= worst : dayStart > worst) {
          break;
        }
      }
      // The chunks that may hold a match, of every block of the day, in time order: blocks overlap
      // in time, and a scan in the order of the page stops at the first chunk that cannot improve
      // it, wherever that chunk is, rather than reading each block in turn down to the worst match.
      // Each block hands out its chunks in the page's order (its rows are in time order), so the
      // day's order is a merge of the blocks' orders: no chunk past the stop is looked at.
      PriorityQueue<BlockScan> next = new PriorityQueue<>(newest
          ? (a, b) -> Long.compare(b.maxTime, a.maxTime) : (a, b) -> Long.compare(a.minTime, b.minTime));
      List<BlockScan> opened = new ArrayList<>();
      try {
        for (Block b : p.blocks) {
          if (plan.mayMatch(b)) {
            deadline.check();
            BlockScan scan = new BlockScan(b, plan, q);
            opened.add(scan);
            if (scan.start()) {
              next.add(scan);
            }
          }
        }
        while (!next.isEmpty()) {
          BlockScan r = next.poll();
          if (best.size() >= q.limit()) {
            long worst = newest ? best.firstKey().time() : best.lastKey().time();
            if (newest ? r.maxTime < worst : r.minTime > worst) {
              break;
            }
          }
          deadline.check();
          r.scan(r.from, r.to, best, deadline);
          if (r.advance()) {
            next.add(r);
          }
        }
      } finally {
        for (BlockScan scan : opened) {
          scan.release();
        }
      }
    }
    List<LogEvent> out = new ArrayList<>(best.size());
    out.addAll(best.values());
    if (newest) {
      java.util.Collections.reverse(out);
    }
    return out;
  }

  /** How many rows a scan reads between two looks at the deadline. */
  private static final int ROWS_PER_CHECK = 4096;
  /** The most words the row prefilter looks for (the longest; the exact test checks them all). */
  private static final int PREFILTER_WORDS = 4;

  /** What a query asks of a block, prepared once. */
  private static final class Plan {
    /** The severities a match may have, or -1 for any. */
    final int severityMask;
    /** What a block's or a chunk's token filter must hold: words and attribute values every match holds. */
    final long[] tokens;
    /** The exact test, the one every store applies. */
    final LogFilter filter;
    /** The longest required words' bytes when all are ASCII, for the row prefilter; else null. */
    final byte[][] asciiWords;
    /** The UTF-8 bytes of attribute values every match holds as text, for the row prefilter; else null. */
    final byte[][] attributeBytes;

    Plan(LogQuery q) {
      filter = LogFilter.of(q);
      int mask = filter.severityMask();
      severityMask = mask == (1 << Severity.values().length) - 1 ? -1 : mask;
      List<String> words = filter.requiredWords();
      // A substring search per word and row: the few longest words rule out most rows at a bounded cost.
      boolean allAscii = words.stream().allMatch(w -> w.chars().allMatch(ch -> ch < 128));
      asciiWords = words.isEmpty() || !allAscii ? null
          : words.stream().sorted(Comparator.comparingInt(String::length).reversed()).limit(PREFILTER_WORDS)
              .map(w -> w.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toArray(byte[][]::new);
      List<String> texts = filter.requiredAttributeTexts();
      attributeBytes = texts.isEmpty() ? null
          : texts.stream().sorted(Comparator.comparingInt(String::length).reversed()).limit(PREFILTER_WORDS)
              .map(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toArray(byte[][]::new);
      tokens = filter.requiredTokens();
      this.q = q;
    }

    final LogQuery q;

    boolean mayMatch(Block b) {
      if (b.maxTime < q.fromNanos() || b.minTime >= q.toNanos() || b.minIngested > q.asOfNanos()
          || (b.severityMask & severityMask) == 0) {
        return false;
      }
      if (q.after() != null && (q.order() == Order.NEWEST ? b.minTime > q.after().timeNanos()
          : b.maxTime < q.after().timeNanos())) {
        return false;
      }
      if (!q.services().isEmpty() && indexesOf(b.services, q.services()) == null) {
        return false;
      }
      if (!q.hosts().isEmpty() && indexesOf(b.hosts, q.hosts()) == null) {
        return false;
      }
      for (long h : tokens) {
        if (!b.filter.mightContain(h)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Which entries of a block's dictionary are wanted, or null when none is. */
  private static boolean[] indexesOf(String[] dictionary, List<String> wanted) {
    boolean[] out = new boolean[dictionary.length];
    boolean any = false;
    for (int i = 0; i < dictionary.length; i++) {
      if (wanted.contains(dictionary[i])) {
        out[i] = true;
        any = true;
      }
    }
    return any ? out : null;
  }

  /**
   * What a query asks of a block's columns, row by row: ingested by its snapshot, a severity it
   * takes, one of its services and hosts. Only the columns a test needs are read; the ingest-time
   * column not at all when the whole block was ingested by the snapshot.
   */
  private static final class ColumnTest {
    private final long asOf;
    private final int severityMask;
    private final long[] ingested;
    private final byte[] severities;
    private final boolean[] services;
    private final boolean[] hosts;
    private final int[] serviceIdx;
    private final int[] hostIdx;

    ColumnTest(Block b, Plan plan, LogQuery q) throws IOException {
      asOf = q.asOfNanos();
      severityMask = plan.severityMask;
      ingested = b.maxIngested > asOf ? b.ingested() : null;
      severities = severityMask == -1 ? null : b.severities();
      services = q.services().isEmpty() ? null : indexesOf(b.services, q.services());
      hosts = q.hosts().isEmpty() ? null : indexesOf(b.hosts, q.hosts());
      serviceIdx = services == null ? null : b.serviceIndexes();
      hostIdx = hosts == null ? null : b.hostIndexes();
    }

    /** True when row {@code i} passes every column test. */
    boolean keeps(int i) {
      return (ingested == null || ingested[i] <= asOf)
          && (severities == null || (severityMask & (1 << severities[i])) != 0)
          && (serviceIdx == null || services[serviceIdx[i]])
          && (hostIdx == null || hosts[hostIdx[i]]);
    }
  }

  /** A query's reading of one block: its columns, loaded once, and the rows of its chunks on demand. */
  private static final class BlockScan {
    final Block b;
    final Plan plan;
    final LogQuery q;
    final boolean newest;
    final long[] times;
    private long[] ingested;
    private ColumnTest columns;
    private Block.Rows rows;

    BlockScan(Block b, Plan plan, LogQuery q) throws IOException {
      this.b = b;
      this.plan = plan;
      this.q = q;
      this.newest = q.order() == Order.NEWEST;
      this.times = b.times();
    }

    /** Rows {@code [from, to)} of one chunk: the range the cursor is on, and its rows' time bounds. */
    int from;
    int to;
    long minTime;
    long maxTime;
    private int lo;
    private int hi;
    private int nextChunk;
    private int lastChunk;
    private TokenFilter[] chunkFilters;

    /**
     * Puts the cursor on the first part of a chunk, in the page's order, a match may be in: within
     * the time range and past the page's cursor, the chunk's filter willing. False when there is none.
     */
    boolean start() throws IOException {
      long fromNanos = q.fromNanos();
      long toExclusive = q.toNanos();
      if (q.after() != null) {
        if (newest) {
          toExclusive = Math.min(toExclusive, q.after().timeNanos() == Long.MAX_VALUE ? Long.MAX_VALUE
              : q.after().timeNanos() + 1);
        } else {
          fromNanos = Math.max(fromNanos, q.after().timeNanos());
        }
      }
      lo = firstAtLeast(times, fromNanos);
      hi = firstAtLeast(times, toExclusive);
      if (lo >= hi) {
        return false;
      }
      // With words or attribute values to find, the chunks whose filters rule them out are skipped.
      chunkFilters = plan.tokens.length == 0 ? null : b.chunkFilters();
      frameFilters = null;
      nextChunk = b.chunkOf(newest ? hi - 1 : lo);
      lastChunk = b.chunkOf(newest ? lo : hi - 1);
      return advance();
    }

    /**
     * The frames of the chunk the cursor is in that are still to visit, in the page's order
     * ({@link #frameNext} up to {@link #frameLast}), when that chunk is cut into frames with
     * filters of their own; null otherwise.
     */
    private TokenFilter[] frameFilters;
    private int frameChunk;
    private int frameNext;
    private int frameLast;

    /** Moves the cursor to the next part of a chunk a match may be in; false when there is none. */
    boolean advance() throws IOException {
      while (true) {
        if (frameFilters != null) {
          while (newest ? frameNext >= frameLast : frameNext <= frameLast) {
            int f = frameNext;
            frameNext += newest ? -1 : 1;
            if (Block.mayHoldAll(frameFilters[f], plan.tokens)) {
              return on(b.frameStart(frameChunk, f), b.frameStart(frameChunk, f + 1));
            }
          }
          frameFilters = null;
        }
        if (newest ? nextChunk < lastChunk : nextChunk > lastChunk) {
          return false;
        }
        int c = nextChunk;
        nextChunk += newest ? -1 : 1;
        if (chunkFilters == null) {
          return on(b.chunkStart(c), b.chunkStart(c + 1));
        }
        if (!Block.mayHoldAll(chunkFilters[c], plan.tokens)) {
          continue;
        }
        TokenFilter[] frames = b.frameFilters(c);
        if (frames == null) {
          return on(b.chunkStart(c), b.chunkStart(c + 1));
        }
        // The chunk's frames within [lo, hi), each skipped when its own filter rules the tokens out.
        int firstFrame = 0;
        while (b.frameStart(c, firstFrame + 1) <= lo) {
          firstFrame++;
        }
        int lastFrame = frames.length - 1;
        while (b.frameStart(c, lastFrame) >= hi) {
          lastFrame--;
        }
        frameFilters = frames;
        frameChunk = c;
        frameNext = newest ? lastFrame : firstFrame;
        frameLast = newest ? firstFrame : lastFrame;
      }
    }

    /** Puts the cursor on rows {@code [start, end)} within {@code [lo, hi)}; true. */
    private boolean on(int start, int end) {
      from = Math.max(lo, start);
      to = Math.min(hi, end);
      minTime = times[from];
      maxTime = times[to - 1];
      return true;
    }

    /** Gives back what reading rows held (see {@link Block.Rows#release}). */
    void release() {
      if (rows != null) {
        rows.release();
      }
    }

    private void load() throws IOException {
      if (rows != null) {
        return;
      }
      ingested = b.ingested();
      columns = new ColumnTest(b, plan, q);
      rows = b.rows();
    }

    /** Scans rows {@code [lo, hi)} in the query's order into {@code best}, stopping once none can improve it. */
    void scan(int lo, int hi, TreeMap<Key, LogEvent> best, QueryDeadline deadline) throws IOException {
      load();
      for (int k = 0; k < hi - lo; k++) {
        if (k % ROWS_PER_CHECK == ROWS_PER_CHECK - 1) {
          deadline.check();
        }
        int i = newest ? hi - 1 - k : lo + k;
        long t = times[i];
        if (best.size() >= q.limit()) {
          long worst = newest ? best.firstKey().time() : best.lastKey().time();
          if (newest ? t < worst : t > worst) {
            return;
          }
        }
        if (!columns.keeps(i)) {
          continue;
        }
        if (plan.asciiWords != null && !rows.mayHoldWords(i, plan.asciiWords)) {
          continue;
        }
        if (plan.attributeBytes != null && !rows.mayHoldBytes(i, plan.attributeBytes)) {
          continue;
        }
        LogEvent e = rows.get(i, ingested[i]);
        if (q.after() != null && t == q.after().timeNanos()) {
          int c = e.id().compareTo(q.after().id());
          if (newest ? c >= 0 : c <= 0) {
            continue;
          }
        }
        if (!plan.filter.matches(e)) {
          continue;
        }
        Key key = new Key(t, e.id());
        LogEvent prev = best.get(key);
        if (prev == null || firstWins(e, prev)) {
          best.put(key, e);
        }
        if (best.size() > q.limit()) {
          if (newest) {
            best.pollFirstEntry();
          } else {
            best.pollLastEntry();
          }
        }
      }
    }
  }

  // ---- event scans (aggregations that read events) -----------------------------------------------

  /**
   * Every matching event once, in one pass rather than page after page: per day, the rows the
   * columns and chunk filters allow, cut into windows of about {@link #WINDOW_ROWS} rows by time;
   * a window's rows of every block are decoded and tested, copies of an event (equal time and id)
   * resolved first write wins among the matching ones, as a query resolves them, and the window's
   * events handed out oldest first.
   */
  @Override
  public void scan(TenantId tenant, LogQuery query, QueryDeadline deadline,
      java.util.function.Consumer<LogEvent> sink) throws IOException {
    ConcurrentSkipListMap<Long, Partition> days = tenants.get(tenant);
    if (days == null) {
      return;
    }
    LogQuery q = unpaged(query);
    Plan plan = new Plan(q);
    for (Partition p : daysOf(days, q).values()) {
      deadline.check();
      List<Block> blocks = new ArrayList<>();
      for (Block b : p.blocks) {
        if (plan.mayMatch(b)) {
          blocks.add(b);
        }
      }
      int k = blocks.size();
      int[][] sel = new int[k][];
      int[] n = new int[k];
      long[][] times = new long[k][];
      for (int i = 0; i < k; i++) {
        sel[i] = select(blocks.get(i), plan, q, n, i, deadline);
      }
      Windows windows = Windows.of(blocks, sel, n, times);
      if (windows.total() == 0) {
        RowArrays.giveBack(sel);
        continue;
      }
      long width = windows.width();
      long minT = windows.minT();
      int[] pos = new int[k];
      Block.Rows[] rows = new Block.Rows[k];
      long[][] ingested = new long[k][];
      Map<Key, LogEvent> window = new HashMap<>();
      long w = minT;
      try {
        while (true) {
          deadline.check();
          long windowEnd = w > Long.MAX_VALUE - width ? Long.MAX_VALUE : w + width;
          boolean more = false;
          window.clear();
          for (int i = 0; i < k; i++) {
            int e = pos[i];
            while (e < n[i] && times[i][sel[i][e]] < windowEnd) {
              int row = sel[i][e++];
              if (rows[i] == null) {
                rows[i] = blocks.get(i).rows();
                ingested[i] = blocks.get(i).ingested();
              }
              if (plan.asciiWords != null && !rows[i].mayHoldWords(row, plan.asciiWords)) {
                continue;
              }
              if (plan.attributeBytes != null && !rows[i].mayHoldBytes(row, plan.attributeBytes)) {
                continue;
              }
              LogEvent ev = rows[i].get(row, ingested[i][row]);
              if (!plan.filter.matches(ev)) {
                continue;
              }
              window.merge(new Key(ev.timeNanos(), ev.id()), ev, (a, b) -> firstWins(b, a) ? b : a);
            }
            pos[i] = e;
            more |= e < n[i];
          }
          if (!window.isEmpty()) {
            List<Map.Entry<Key, LogEvent>> found = new ArrayList<>(window.entrySet());
            found.sort(Map.Entry.comparingByKey());
            for (Map.Entry<Key, LogEvent> f : found) {
              sink.accept(f.getValue());
            }
          }
          if (!more || windowEnd == Long.MAX_VALUE) {
            break;
          }
          w = windowEnd;
        }
      } finally {
        for (Block.Rows r : rows) {
          if (r != null) {
            r.release();
          }
        }
        RowArrays.giveBack(sel);
      }
    }
  }

  // ---- column scans (aggregations) --------------------------------------------------------------

  /**
   * Hands out the matching rows' time, severity, service and host from the blocks' columns, no row
   * read, when the query filters on nothing else (time, severity, services, hosts): a block at a
   * time, its rows selected by the columns. Copies of one event in several blocks (a redelivered
   * batch before compaction merged it away) count once, as in a query: rows of one time in
   * different blocks are compared by their key column, and rows whose keys agree by their ids,
   * the first written kept ({@link #firstWins}). False (nothing handed out) for other queries, and
   * for blocks written before version 4, which have no key column.
   */
  @Override
  public boolean scanColumns(TenantId tenant, LogQuery query, QueryDeadline deadline,
      java.util.function.Consumer<io.tributary.store.ColumnBatch> sink) throws IOException {
    if (!query.attributes().isEmpty() || !query.words().isEmpty() || query.expr() != io.tributary.query.QueryExpr.ALL) {
      return false;
    }
    ConcurrentSkipListMap<Long, Partition> days = tenants.get(tenant);
    if (days == null) {
      return true;
    }
    LogQuery q = unpaged(query);
    Plan plan = new Plan(q);
    // Copies of an event share its time, so its day: duplicates are looked for within a day.
    List<List<Block>> byDay = new ArrayList<>();
    for (Partition p : daysOf(days, q).values()) {
      List<Block> candidates = new ArrayList<>();
      for (Block b : p.blocks) {
        if (plan.mayMatch(b)) {
          if (!b.hasKeys()) {
            return false;
          }
          candidates.add(b);
        }
      }
      byDay.add(candidates);
    }
    for (List<Block> blocks : byDay) {
      int k = blocks.size();
      int[][] sel = new int[k][];
      int[] n = new int[k];
      for (int i = 0; i < k; i++) {
        deadline.check();
        sel[i] = select(blocks.get(i), plan, q, n, i, deadline);
      }
      if (mayShareRows(blocks, n)) {
        dropLaterCopies(blocks, sel, n, deadline);
      }
      try {
        for (int i = 0; i < k; i++) {
          if (n[i] > 0) {
            Block b = blocks.get(i);
            sink.accept(new io.tributary.store.ColumnBatch(b.times(), b.severities(), b.services, b.serviceIndexes(),
                b.hosts, b.hostIndexes(), sel[i], n[i]));
          }
        }
      } finally {
        RowArrays.giveBack(sel);
      }
    }
    return true;
  }

  /**
   * Arrays of selected rows, given back once a count has read them so that the next count reuses
   * them: counting a day selects millions of rows, and a new array of them for every call would be
   * most of what a server leaves to the collector between collections (each collection a pause some
   * query waits through). At most 1/32 of the heap is kept. Thread-safe.
   */
  private static final class RowArrays {
    private static final long MAX_KEPT_BYTES = Runtime.getRuntime().maxMemory() / 32;
    private static final java.util.concurrent.ConcurrentLinkedDeque<int[]> FREE =
        new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final AtomicLong KEPT_BYTES = new AtomicLong();

    /** An array of at least {@code size} ints, its content unspecified. */
    static int[] take(int size) {
      for (int[] a : FREE) {
        if (a.length >= size && FREE.removeFirstOccurrence(a)) {
          KEPT_BYTES.addAndGet(-4L * a.length);
          return a;
        }
      }
      return new int[size];
    }

    /** Gives back arrays {@link #take} handed out (null entries are skipped); none is used after this. */
    static void giveBack(int[][] arrays) {
      for (int[] a : arrays) {
        if (a == null || a.length == 0) {
          continue;
        }
        if (KEPT_BYTES.addAndGet(4L * a.length) <= MAX_KEPT_BYTES) {
          FREE.addFirst(a);
        } else {
          KEPT_BYTES.addAndGet(-4L * a.length);
        }
      }
    }
  }

  /** The rows of {@code b} the query's columns match, ascending; their number goes to {@code n[slot]}. */
  private static int[] select(Block b, Plan plan, LogQuery q, int[] n, int slot, QueryDeadline deadline)
      throws IOException {
    long[] times = b.times();
    int lo = firstAtLeast(times, q.fromNanos());
    int hi = firstAtLeast(times, q.toNanos());
    int[] out = RowArrays.take(Math.max(0, hi - lo));
    int m = 0;
    ColumnTest columns = new ColumnTest(b, plan, q);
    // With words or attribute values to find, rows of chunks and frames whose filters rule them out are left out.
    TokenFilter[] chunkFilters = plan.tokens.length == 0 || lo >= hi ? null : b.chunkFilters();
    int until = chunkFilters == null ? hi : lo;
    for (int i = lo; i < hi; i++) {
      if ((i & (ROWS_PER_CHECK * 16 - 1)) == 0) {
        deadline.check();
      }
      if (i >= until) {
        // The first row of a chunk or frame whose filters have not been asked: skip to the first
        // row of one that may hold the tokens, and keep its rows up to its end.
        int c = b.chunkOf(i);
        if (!Block.mayHoldAll(chunkFilters[c], plan.tokens)) {
          i = b.chunkStart(c + 1) - 1;
          continue;
        }
        TokenFilter[] frames = b.frameFilters(c);
        if (frames == null) {
          until = b.chunkStart(c + 1);
        } else {
          int f = b.frameOf(c, i);
          if (!Block.mayHoldAll(frames[f], plan.tokens)) {
            i = b.frameStart(c, f + 1) - 1;
            continue;
          }
          until = b.frameStart(c, f + 1);
        }
      }
      if (columns.keeps(i)) {
        out[m++] = i;
      }
    }
    n[slot] = m;
    return out;
  }

  /** True unless at most one block has rows or the blocks' time ranges are apart. */
  private static boolean mayShareRows(List<Block> blocks, int[] n) {
    List<Block> withRows = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      if (n[i] > 0) {
        withRows.add(blocks.get(i));
      }
    }
    withRows.sort(Comparator.comparingLong(b -> b.minTime));
    for (int i = 1; i < withRows.size(); i++) {
      if (withRows.get(i).minTime <= withRows.get(i - 1).maxTime) {
        return true;
      }
    }
    return false;
  }

  /**
   * The time range of the blocks' selected rows (their first and last time, inclusive), how many
   * they are, and the width of a window of about {@link #WINDOW_ROWS} of them if they were spread
   * evenly.
   */
  private record Windows(long minT, long maxT, long total, long width) {

    /** Over selections {@code sel[i][0, n[i])}; sets {@code times[i]} of each block with rows. */
    static Windows of(List<Block> blocks, int[][] sel, int[] n, long[][] times) throws IOException {
      long minT = Long.MAX_VALUE;
      long maxT = Long.MIN_VALUE;
      long total = 0;
      for (int i = 0; i < blocks.size(); i++) {
        if (n[i] > 0) {
          times[i] = blocks.get(i).times();
          minT = Math.min(minT, times[i][sel[i][0]]);
          maxT = Math.max(maxT, times[i][sel[i][n[i] - 1]]);
          total += n[i];
        }
      }
      if (total == 0) {
        return new Windows(0, -1, 0, 1);
      }
      long span = maxT - minT + 1;
      long windows = Math.max(1, total / WINDOW_ROWS);
      return new Windows(minT, maxT, total, Math.max(1, span / windows + (span % windows == 0 ? 0 : 1)));
    }
  }

  /** About how many rows one window of {@link #dropLaterCopies} puts in its table (which then fits a core's cache). */
  private static final int WINDOW_ROWS = 4096;

  /**
   * Removes from the selections every copy of an event that another block holds a winning copy of
   * ({@link #firstWins}). The time range is cut into windows of about {@link #WINDOW_ROWS} rows;
   * within a window where more than one block has rows, each row goes into a small hash table by
   * (time, key), and rows that meet there from different blocks are compared by their decoded
   * events. Each block's rows of a window are a contiguous run of its selection, so the walk is
   * linear and needs no merge by time.
   */
  private static void dropLaterCopies(List<Block> blocks, int[][] sel, int[] n, QueryDeadline deadline)
      throws IOException {
    int k = blocks.size();
    long[][] times = new long[k][];
    int[][] keys = new int[k][];
    for (int i = 0; i < k; i++) {
      if (n[i] > 0) {
        keys[i] = blocks.get(i).keys();
      }
    }
    Windows windows = Windows.of(blocks, sel, n, times);
    long minT = windows.minT();
    long span = windows.maxT() - minT + 1;
    long total = windows.total();
    long width = windows.width();
    // Copies share their time, so parts of the time range are independent: large selections are
    // split into a part per core, each with its own table, on the common pool.
    int parts = (int) Math.max(1, Math.min(PARALLEL_PARTS, total / partRows));
    int[][] bounds = new int[parts + 1][];
    bounds[0] = new int[k];
    bounds[parts] = n.clone();
    long[] partStart = new long[parts + 1];
    partStart[0] = minT;
    for (int j = 1; j < parts; j++) {
      partStart[j] = minT + span / parts * j;
      bounds[j] = new int[k];
      for (int i = 0; i < k; i++) {
        bounds[j][i] = n[i] == 0 ? 0 : firstSelectedAtLeast(times[i], sel[i], n[i], partStart[j]);
      }
    }
    if (parts == 1) {
      dropLaterCopies(blocks, sel, times, keys, bounds[0], bounds[1], minT, width, deadline);
    } else {
      List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
      for (int j = 0; j < parts; j++) {
        int part = j;
        tasks.add(() -> {
          dropLaterCopies(blocks, sel, times, keys, bounds[part], bounds[part + 1], partStart[part], width, deadline);
          return null;
        });
      }
      for (java.util.concurrent.Future<Void> f : java.util.concurrent.ForkJoinPool.commonPool().invokeAll(tasks)) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while counting");
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IOException(e.getCause());
        }
      }
    }
    for (int i = 0; i < k; i++) {
      int m = 0;
      for (int j = 0; j < n[i]; j++) {
        if (sel[i][j] >= 0) {
          sel[i][m++] = sel[i][j];
        }
      }
      n[i] = m;
    }
  }

  /** At most this many parts of a selection are deduplicated at once. */
  static final int PARALLEL_PARTS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  /** A part has at least this many rows (below that a thread costs more than it saves); tests lower it. */
  static volatile int partRows = 256 * 1024;

  /** The first place in a selection (ascending rows of ascending times) whose row's time is at least {@code t}. */
  private static int firstSelectedAtLeast(long[] times, int[] sel, int n, long t) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[sel[mid]] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * One part of {@link #dropLaterCopies(List, int[][], int[], QueryDeadline)}: the selected rows
   * from {@code from[i]} to {@code to[i]} of each block, windows of {@code width} from {@code start}.
   */
  private static void dropLaterCopies(List<Block> blocks, int[][] sel, long[][] times, int[][] keys, int[] from,
      int[] to, long start, long width, QueryDeadline deadline) throws IOException {
    int k = blocks.size();
    int[] pos = from.clone();
    int[] end = new int[k];
    Block.Rows[] rows = new Block.Rows[k];
    long[][] ingested = new long[k][];
    WindowTable table = new WindowTable();
    long w = start;
    while (true) {
      deadline.check();
      long windowEnd = w > Long.MAX_VALUE - width ? Long.MAX_VALUE : w + width;
      int blocksHere = 0;
      int firstHere = -1;
      int lastHere = -1;
      boolean more = false;
      for (int i = 0; i < k; i++) {
        int e = pos[i];
        while (e < to[i] && times[i][sel[i][e]] < windowEnd) {
          e++;
        }
        end[i] = e;
        more |= e < to[i];
        if (e > pos[i]) {
          blocksHere++;
          firstHere = firstHere < 0 ? i : firstHere;
          lastHere = i;
        }
      }
      if (blocksHere > 1) {
        table.clear();
        for (int i = 0; i < k; i++) {
          // The first block's rows have no earlier rows to meet; nothing comes after the last's.
          boolean look = i != firstHere;
          boolean keep = i != lastHere;
          for (int p = pos[i]; p < end[i]; p++) {
            int row = sel[i][p];
            long t = times[i][row];
            int key = keys[i][row];
            long fp = WindowTable.fingerprint(t, key);
            // Every earlier row of equal time and key (another block's) is compared with this one.
            for (int slot = look ? table.first(fp) : -1; slot >= 0; slot = table.next(slot, fp)) {
              int j = table.block(slot);
              int q = table.position(slot);
              if (j == i || sel[j][q] < 0 || sel[i][p] < 0 || times[j][sel[j][q]] != t || keys[j][sel[j][q]] != key) {
                continue;
              }
              LogEvent a = event(blocks, rows, ingested, i, row);
              LogEvent b = event(blocks, rows, ingested, j, sel[j][q]);
              if (a.id().equals(b.id())) {
                if (firstWins(a, b)) {
                  sel[j][q] = -1;
                } else {
                  sel[i][p] = -1;
                }
              }
            }
            if (keep) {
              table.add(fp, i, p);
            }
          }
        }
      }
      System.arraycopy(end, 0, pos, 0, k);
      if (!more || windowEnd == Long.MAX_VALUE) {
        return;
      }
      w = windowEnd;
    }
  }

  /**
   * An open-addressing table of the rows of one window by a fingerprint of (time, key): for each,
   * its block and its place in the block's selection. Reused window after window without being
   * cleared: a slot is taken only when it carries the current window's stamp. Grows when a window
   * holds more rows than it was sized for.
   */
  private static final class WindowTable {
    private long[] fingerprints = new long[2 * WINDOW_ROWS];
    /** Block (high 32 bits) and place in its selection (low 32 bits). */
    private long[] where = new long[2 * WINDOW_ROWS];
    private int[] stamps = new int[2 * WINDOW_ROWS];
    private int stamp = 1;
    private int size;

    /** Starts the next window: every slot is free again. */
    void clear() {
      stamp++;
      size = 0;
      if (stamp == Integer.MAX_VALUE) {
        java.util.Arrays.fill(stamps, 0);
        stamp = 1;
      }
    }

    static long fingerprint(long t, int key) {
      return (t * 0x9E3779B97F4A7C15L) ^ ((key & 0xFFFFFFFFL) * 0xC2B2AE3D27D4EB4FL);
    }

    private int home(long fp) {
      return (int) (fp >>> 40) & (where.length - 1);
    }

    /** The first slot whose row may be of this fingerprint's time and key, or -1. */
    int first(long fp) {
      return scan(home(fp), fp);
    }

    /** The next such slot after {@code slot}, or -1. */
    int next(int slot, long fp) {
      return scan((slot + 1) & (where.length - 1), fp);
    }

    private int scan(int from, long fp) {
      for (int s = from; stamps[s] == stamp; s = (s + 1) & (where.length - 1)) {
        if (fingerprints[s] == fp) {
          return s;
        }
      }
      return -1;
    }

    int block(int slot) {
      return (int) (where[slot] >>> 32);
    }

    int position(int slot) {
      return (int) where[slot];
    }

    void add(long fp, int block, int position) {
      if (2 * (size + 1) > where.length) {
        grow();
      }
      int s = home(fp);
      while (stamps[s] == stamp) {
        s = (s + 1) & (where.length - 1);
      }
      stamps[s] = stamp;
      fingerprints[s] = fp;
      where[s] = ((long) block << 32) | (position & 0xFFFFFFFFL);
      size++;
    }

    private void grow() {
      long[] oldFingerprints = fingerprints;
      long[] oldWhere = where;
      int[] oldStamps = stamps;
      fingerprints = new long[oldWhere.length * 2];
      where = new long[oldWhere.length * 2];
      stamps = new int[oldWhere.length * 2];
      size = 0;
      for (int s = 0; s < oldWhere.length; s++) {
        if (oldStamps[s] == stamp) {
          add(oldFingerprints[s], (int) (oldWhere[s] >>> 32), (int) oldWhere[s]);
        }
      }
    }
  }

  private static LogEvent event(List<Block> blocks, Block.Rows[] rows, long[][] ingested, int b, int row)
      throws IOException {
    if (rows[b] == null) {
      rows[b] = blocks.get(b).rows();
      ingested[b] = blocks.get(b).ingested();
    }
    return rows[b].get(row, ingested[b][row]);
  }

  /** {@code query}'s filters without its page (limit, order, cursor): what a scan reads. */
  private static LogQuery unpaged(LogQuery query) {
    return new LogQuery(query.fromNanos(), query.toNanos(), query.severities(), query.services(), query.hosts(),
        query.attributes(), query.words(), Order.OLDEST, 1, null, query.asOfNanos(), query.expr());
  }

  /** The days of a tenant that {@code q}'s time range reaches, in order. */
  private static java.util.NavigableMap<Long, Partition> daysOf(ConcurrentSkipListMap<Long, Partition> days, LogQuery q) {
    long fromDay = q.fromNanos() == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(q.fromNanos(), Timestamps.NANOS_PER_DAY);
    long toDay = q.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(q.toNanos() - 1, Timestamps.NANOS_PER_DAY);
    return days.subMap(fromDay, true, toDay, true);
  }

  /** The first index whose time is at least {@code t} (times are sorted ascending). */
  private static int firstAtLeast(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // ---- compaction ------------------------------------------------------------------------------

  /**
   * One round of background compaction. Nothing may escape it: an exception or error (an
   * OutOfMemoryError included) in a scheduled task would cancel the schedule for good.
   */
  private void compactAll() {
    try {
      boolean defer = deferring(System.nanoTime());
      for (ConcurrentSkipListMap<Long, Partition> days : tenants.values()) {
        for (Partition p : days.values()) {
          if (closed) {
            return;
          }
          if (defer && smallBlocks(p.blocks) < DEFERRED_SMALL_BLOCKS * limits.mergeWhen()) {
            continue;
          }
          try {
            compact(p);
          } catch (Throwable e) {
            LOG.log(Level.SEVERE, "compaction of " + p.dir + " failed; the blocks stay as they are and it is tried"
                + " again", e);
          }
        }
      }
    } catch (Throwable e) {
      LOG.log(Level.SEVERE, "block compaction round failed; the next round runs as planned", e);
    }
  }

  /**
   * Makes background compaction wait while {@code behind} says processing is behind (issue 19):
   * merging re-encodes every row once more, work that can wait until the backlog is drained.
   * Bounded: it waits {@link #MAX_DEFERRAL} at most in a row, then a round runs, and a day that
   * gathered {@link #DEFERRED_SMALL_BLOCKS} times {@code mergeWhen} small blocks is merged anyway,
   * so queries never meet more than that many blocks of a day.
   */
  public void deferCompactionWhile(java.util.function.BooleanSupplier behind) {
    this.behind = behind;
  }

  /** Whether this round of compaction waits; runs on the compaction thread. */
  boolean deferring(long now) {
    boolean wait;
    try {
      wait = behind.getAsBoolean();
    } catch (RuntimeException e) {
      wait = false;
    }
    if (!wait) {
      deferredSince = -1;
      return false;
    }
    if (deferredSince < 0) {
      deferredSince = now;
    }
    if (now - deferredSince >= MAX_DEFERRAL.toNanos()) {
      // Waited long enough: this round runs, and the next wait starts over.
      deferredSince = -1;
      return false;
    }
    return true;
  }

  private int smallBlocks(List<Block> blocks) {
    int n = 0;
    for (Block b : blocks) {
      n += b.count < limits.smallBlockRows() && b.rawBytes < limits.smallBlockBytes() ? 1 : 0;
    }
    return n;
  }

  /** One round of background compaction, as the schedule runs it (for tests). */
  void compactRound() {
    compactAll();
  }

  /**
   * The blocks of a day to merge now, oldest first, or fewer than two: small blocks (by rows and
   * bytes), once there are enough of them, as many as fit the limits of a merged block's rows and
   * bytes and of the memory a merge holds.
   */
  static List<Block> plan(List<Block> blocks, CompactionLimits limits) {
    List<Block> small = blocks.stream()
        .filter(b -> b.count < limits.smallBlockRows() && b.rawBytes < limits.smallBlockBytes())
        .sorted(Comparator.comparingLong(b -> b.seq)).toList();
    if (small.size() < limits.mergeWhen()) {
      return List.of();
    }
    List<Block> chosen = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    long memory = 0;
    for (Block b : small) {
      // A merge holds a chunk of each block and the merged block's token filter (about 12 bits
      // per distinct token, up to twice that once rounded to a power of two).
      long held = b.largestChunk + 3 * b.filter.estimatedTokens();
      if (rows + b.count > limits.mergedMaxRows() || bytes + b.rawBytes > limits.mergedMaxBytes()
          || memory + held > limits.mergeMemoryBytes()) {
        break;
      }
      chosen.add(b);
      rows += b.count;
      bytes += b.rawBytes;
      memory += held;
    }
    return chosen.size() >= 2 ? chosen : List.of();
  }

  /** Merges small blocks of a partition into one, once there are enough of them. */
  void compact(Partition p) throws IOException {
    compact(p, limits);
  }

  private void compact(Partition p, CompactionLimits limits) throws IOException {
    List<Block> chosen = plan(p.blocks, limits);
    if (chosen.isEmpty()) {
      return;
    }
    long tokens = chosen.stream().mapToLong(b -> b.filter.estimatedTokens()).sum();
    long[] sources = chosen.stream().mapToLong(b -> b.seq).toArray();
    Block merged = writeBlock(p, out -> {
      // A merged block is framed, with a dictionary: it lives for days; a batch's block, minutes.
      BlockWriter w = new BlockWriter(tokens, out, limits.chunkBytes(), BlockWriter.FRAME_ROWS);
      w.mergedFrom(sources);
      mergeInto(chosen, w, e -> true);
      mergeHook.whileWriting(chosen);
      w.finish();
    });
    p.replace(chosen, merged);
    retiring.addAll(chosen);
    background.schedule(() -> retire(chosen), 30, TimeUnit.SECONDS);
  }

  /** One block's rows in order, read a chunk at a time. */
  private static final class Cursor {
    final Block block;
    final long[] ingested;
    final Block.Rows rows;
    int next;
    int row;
    LogEvent current;

    Cursor(Block block) throws IOException {
      this.block = block;
      this.ingested = block.ingested();
      this.rows = block.rows();
    }

    boolean advance() throws IOException {
      if (next >= block.count) {
        current = null;
        return false;
      }
      current = rows.get(next, ingested[next]);
      row = next;
      next++;
      return true;
    }

    /** Copies the current event's encoded row into {@code out}, as it is: no re-encoding. */
    void addCurrentTo(BlockWriter out) throws IOException {
      rows.locate(row);
      out.add(current, rows.raw(), rows.start(row), rows.end(row) - rows.start(row));
    }
  }

  /**
   * Streams the rows of sorted blocks into {@code out} in (time, id) order: a k-way merge that
   * holds one chunk per block. Of the copies of an event (equal on time and id) the first written
   * wins ({@link #firstWins}), whichever block holds it.
   */
  private static void mergeInto(List<Block> blocks, BlockWriter out, java.util.function.Predicate<LogEvent> keep)
      throws IOException {
    java.util.PriorityQueue<Cursor> heap = new java.util.PriorityQueue<>(
        Comparator.comparing((Cursor c) -> c.current, BY_TIME_ID));
    for (Block b : blocks) {
      Cursor c = new Cursor(b);
      if (c.advance()) {
        heap.add(c);
      }
    }
    List<Cursor> copies = new ArrayList<>();
    LogEvent last = null;
    while (!heap.isEmpty()) {
      Cursor first = heap.poll();
      copies.clear();
      copies.add(first);
      while (!heap.isEmpty() && sameKey(heap.peek().current, first.current)) {
        copies.add(heap.poll());
      }
      Cursor winner = first;
      for (int i = 1; i < copies.size(); i++) {
        if (firstWins(copies.get(i).current, winner.current)) {
          winner = copies.get(i);
        }
      }
      if ((last == null || !sameKey(last, winner.current)) && keep.test(winner.current)) {
        winner.addCurrentTo(out);
        last = winner.current;
      }
      for (Cursor c : copies) {
        if (c.advance()) {
          heap.add(c);
        }
      }
    }
  }

  // ---- retention and erasure (docs/retention.md) -----------------------------------------------

  @Override
  public List<TenantId> heldTenants() {
    return tenants.entrySet().stream()
        .filter(e -> e.getValue().values().stream().anyMatch(p -> !p.blocks.isEmpty()))
        .map(Map.Entry::getKey).sorted().toList();
  }

  @Override
  public List<Long> days(TenantId tenant) {
    ConcurrentSkipListMap<Long, Partition> days = tenants.get(tenant);
    return days == null ? List.of() : days.entrySet().stream().filter(e -> !e.getValue().blocks.isEmpty())
        .map(Map.Entry::getKey).toList();
  }

  @Override
  public io.tributary.retention.StoredDay day(TenantId tenant, long day) {
    Partition p = partition(tenant, day);
    return new DaySnapshot(p, p.blocks);
  }

  /**
   * Runs {@code work} on the compaction thread, so that it never races a merge of the same blocks,
   * and waits for it.
   */
  private <T> T onCompactionThread(java.util.concurrent.Callable<T> work) throws IOException {
    if (closed) {
      throw new IOException("store is closed");
    }
    try {
      return background.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while changing blocks");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IOException("store is closed", e);
    }
  }

  /**
   * Deletes the files of blocks taken out of their partition now (a crash must not bring them
   * back); a query still reading one keeps its open file, and the block is closed after the grace
   * period merged blocks get.
   */
  private void removeFiles(List<Block> removed) throws IOException {
    for (Block b : removed) {
      DurableFiles.delete(b.path);
    }
    retiring.addAll(removed);
    background.schedule(() -> retire(removed), 30, TimeUnit.SECONDS);
  }

  /** A day's blocks as they were when it was taken (see {@link io.tributary.retention.StoredDay}). */
  private final class DaySnapshot implements io.tributary.retention.StoredDay {
    private final Partition partition;
    private final List<Block> blocks;

    DaySnapshot(Partition partition, List<Block> blocks) {
      this.partition = partition;
      this.blocks = blocks;
    }

    @Override
    public long day() {
      return partition.day;
    }

    @Override
    public void forEach(EventSink sink) throws IOException {
      for (Block b : blocks) {
        if (!partition.blocks.contains(b)) {
          continue; // merged meanwhile: its rows are in the merged block, outside this snapshot
        }
        Cursor c = new Cursor(b);
        while (c.advance()) {
          sink.accept(c.current);
        }
      }
    }

    @Override
    public int drop() throws IOException {
      return onCompactionThread(() -> {
        List<Block> removed = partition.remove(blocks);
        removeFiles(removed);
        if (partition.blocks.isEmpty()) {
          try {
            Files.deleteIfExists(partition.dir);
          } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a block written since: it stays, and so does its day
          }
        }
        return removed.size();
      });
    }

    @Override
    public long rewrite(java.util.function.Predicate<LogEvent> keep) throws IOException {
      return onCompactionThread(() -> {
        long removedCopies = 0;
        // Block by block: each rewrite holds one chunk of one block, as a merge of one does.
        for (Block b : blocks) {
          if (!partition.blocks.contains(b)) {
            continue;
          }
          long drop = 0;
          Cursor c = new Cursor(b);
          while (c.advance()) {
            if (!keep.test(c.current)) {
              drop++;
            }
          }
          if (drop == 0) {
            continue;
          }
          if (drop == b.count) {
            removeFiles(partition.remove(List.of(b)));
          } else {
            long tokens = b.filter.estimatedTokens();
            // Named as a merge of b: a crash after it is durable deletes b at the next start. Framed
            // (with a dictionary) as a merged block is: the rewrite lives as long.
            Block rewritten = writeBlock(partition, out -> {
              BlockWriter w = new BlockWriter(tokens, out, limits.chunkBytes(), BlockWriter.FRAME_ROWS);
              w.mergedFrom(new long[] {b.seq});
              mergeInto(List.of(b), w, keep);
              w.finish();
            });
            partition.replace(List.of(b), rewritten);
            removeFiles(List.of(b));
          }
          removedCopies += drop;
        }
        return removedCopies;
      });
    }
  }

  /** Compacts every partition now (for tests). */
  void compactNow() throws IOException {
    compactNow(limits);
  }

  /** Compacts every partition now with other limits (for tests). */
  void compactNow(CompactionLimits with) throws IOException {
    for (ConcurrentSkipListMap<Long, Partition> days : tenants.values()) {
      for (Partition p : days.values()) {
        compact(p, with);
      }
    }
  }

  /** Blocks of a tenant (for tests). */
  List<Block> blocks(TenantId tenant) {
    ConcurrentSkipListMap<Long, Partition> days = tenants.get(tenant);
    return days == null ? List.of() : days.values().stream().flatMap(p -> p.blocks.stream()).toList();
  }

  /** Block files of a tenant (for tests). */
  int blockCount(TenantId tenant) {
    ConcurrentSkipListMap<Long, Partition> days = tenants.get(tenant);
    return days == null ? 0 : days.values().stream().mapToInt(p -> p.blocks.size()).sum();
  }

  private void retire(List<Block> blocks) {
    for (Block b : blocks) {
      if (!retiring.remove(b)) {
        continue;
      }
      try {
        b.close();
        DurableFiles.delete(b.path);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot delete merged block " + b.path, e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    background.shutdown();
    try {
      background.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    retire(List.copyOf(retiring));
    for (ConcurrentSkipListMap<Long, Partition> days : tenants.values()) {
      for (Partition p : days.values()) {
        for (Block b : p.blocks) {
          b.close();
        }
      }
    }
  }
}
