package io.tributary.local.blocks;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.frame.EncodedRows;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import io.tributary.query.QueryDeadline;
import io.tributary.query.WordMatch;
import io.tributary.query.Words;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Identity is (tenant, id) at a given time: an event upserted again (a redelivered batch, a
 * client retry) can sit in two blocks until compaction merges them, and queries show one copy, the
 * one written last. An upsert is durable when it returns (temp file, fsync, rename, fsync of the
 * folder) and visible at once.
 */
public final class BlockStore implements LogStore {

  private static final Logger LOG = Logger.getLogger(BlockStore.class.getName());
  private static final String SUFFIX = ".blk";
  /** Blocks smaller than this are merged once there are enough of them. */
  static final int SMALL_BLOCK = 32_768;
  private static final int MERGE_WHEN = 16;
  private static final int MERGED_MAX_ROWS = 1_000_000;

  private final Path root;
  private final Map<TenantId, ConcurrentSkipListMap<Long, Partition>> tenants = new ConcurrentHashMap<>();
  private final AtomicLong nextSeq = new AtomicLong();
  /** Merged-away blocks, deleted after a grace period so queries reading them can finish. */
  private final java.util.Set<Block> retiring = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService background;
  private volatile boolean closed;

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
  }

  public BlockStore(Path root) throws IOException {
    this(root, true);
  }

  /** @param compact false to leave small blocks as they are (tests of the unmerged state) */
  public BlockStore(Path root, boolean compact) throws IOException {
    this.root = root;
    Files.createDirectories(root);
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
    if (compact) {
      background.scheduleWithFixedDelay(this::compactAll, 1, 1, TimeUnit.SECONDS);
    }
  }

  private void load() throws IOException {
    long maxSeq = -1;
    try (Stream<Path> tenantDirs = Files.list(root)) {
      for (Path td : (Iterable<Path>) tenantDirs::iterator) {
        String name = td.getFileName().toString();
        if (!Files.isDirectory(td) || !TenantId.isValid(name)) {
          continue;
        }
        TenantId tenant = TenantId.of(name);
        try (Stream<Path> dayDirs = Files.list(td)) {
          for (Path dd : (Iterable<Path>) dayDirs::iterator) {
            long day;
            try {
              day = LocalDate.parse(dd.getFileName().toString()).toEpochDay();
            } catch (java.time.format.DateTimeParseException e) {
              continue;
            }
            Partition p = partition(tenant, day);
            try (Stream<Path> files = Files.list(dd)) {
              for (Path f : files.sorted().toList()) {
                String fn = f.getFileName().toString();
                if (fn.endsWith(".tmp")) {
                  Files.deleteIfExists(f);
                } else if (fn.endsWith(SUFFIX)) {
                  long seq = Long.parseLong(fn.substring(0, fn.length() - SUFFIX.length()));
                  p.add(Block.open(f, seq, tenant));
                  maxSeq = Math.max(maxSeq, seq);
                }
              }
            }
          }
        }
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
      g.getKey().add(write(g.getKey(), encode(events, rows, g.getValue())));
    }
  }

  /**
   * One block of {@code events[which]} (one tenant and day), rows in (time, id) order, copied from
   * {@code rows}. Of events equal on (time, id) the later index is kept (a later upsert replaces).
   */
  private static byte[] encode(List<LogEvent> events, EncodedRows rows, List<Integer> order) {
    int n = order.size();
    long bound = 0;
    for (int i : order) {
      LogEvent e = events.get(i);
      bound += e.message().length() / 2 + 1 + e.attributes().size();
    }
    order.sort(Comparator.comparing((Integer i) -> events.get(i), BY_TIME_ID).thenComparingInt(i -> i));
    BlockWriter w = new BlockWriter(bound);
    byte[] data = rows.array();
    for (int k = 0; k < n; k++) {
      int i = order.get(k);
      LogEvent e = events.get(i);
      if (k + 1 < n) {
        LogEvent next = events.get(order.get(k + 1));
        if (next.timeNanos() == e.timeNanos() && next.id().equals(e.id())) {
          continue;
        }
      }
      w.add(e, data, rows.start(i), rows.end(i) - rows.start(i));
    }
    return w.finish();
  }

  private Block write(Partition p, byte[] bytes) throws IOException {
    long seq = nextSeq.getAndIncrement();
    if (!Files.isDirectory(p.dir)) {
      Files.createDirectories(p.dir);
      force(p.dir.getParent());
      force(p.dir.getParent().getParent());
    }
    Path target = p.dir.resolve(String.format("%020d%s", seq, SUFFIX));
    Path tmp = p.dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    force(p.dir);
    return Block.open(target, seq, p.tenant);
  }

  private static void force(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  // ---- query -----------------------------------------------------------------------------------

  /** A result candidate, with the block it came from (the later block wins a repeat). */
  private record Hit(LogEvent event, long seq) {
  }

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
    long fromDay = q.fromNanos() == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(q.fromNanos(), Timestamps.NANOS_PER_DAY);
    long toDay = q.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(q.toNanos() - 1, Timestamps.NANOS_PER_DAY);
    Plan plan = new Plan(q);
    List<Block> candidates = new ArrayList<>();
    for (Partition p : days.subMap(fromDay, true, toDay, true).values()) {
      deadline.check();
      for (Block b : p.blocks) {
        if (plan.mayMatch(b)) {
          candidates.add(b);
        }
      }
    }
    boolean newest = q.order() == Order.NEWEST;
    candidates.sort(newest ? Comparator.comparingLong((Block b) -> b.maxTime).reversed()
        : Comparator.comparingLong((Block b) -> b.minTime));
    TreeMap<Key, Hit> best = new TreeMap<>();
    for (Block b : candidates) {
      if (best.size() >= q.limit()) {
        long worst = newest ? best.firstKey().time() : best.lastKey().time();
        if (newest ? b.maxTime < worst : b.minTime > worst) {
          break;
        }
      }
      deadline.check();
      scan(b, plan, q, best, deadline);
    }
    List<LogEvent> out = new ArrayList<>(best.size());
    for (Hit h : best.values()) {
      out.add(h.event());
    }
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
    final int severityMask;
    final long[] wordHashes;
    final long[] attributeTokens;
    /** The word hashes and attribute tokens together: what a block's or a chunk's filter must hold. */
    final long[] tokens;
    final WordMatch wordMatch;
    /** The longest words' bytes when all words are ASCII, for the row prefilter; else null. */
    final byte[][] asciiWords;

    Plan(LogQuery q) {
      int mask = 0;
      for (Severity s : q.severities()) {
        mask |= 1 << s.code();
      }
      severityMask = q.severities().isEmpty() ? -1 : mask;
      List<String> words = q.words();
      wordMatch = WordMatch.of(words);
      // A substring search per word and row: the few longest words rule out most rows at a bounded cost.
      boolean allAscii = words.stream().allMatch(w -> w.chars().allMatch(ch -> ch < 128));
      asciiWords = words.isEmpty() || !allAscii ? null
          : words.stream().sorted(Comparator.comparingInt(String::length).reversed()).limit(PREFILTER_WORDS)
              .map(w -> w.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toArray(byte[][]::new);
      wordHashes = q.words().stream().mapToLong(Words::hash).toArray();
      attributeTokens = q.attributes().entrySet().stream()
          .mapToLong(e -> BlockWriter.attributeToken(e.getKey(), e.getValue())).toArray();
      tokens = java.util.stream.LongStream.concat(java.util.Arrays.stream(wordHashes),
          java.util.Arrays.stream(attributeTokens)).toArray();
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
      for (long h : wordHashes) {
        if (!b.filter.mightContain(h)) {
          return false;
        }
      }
      for (long h : attributeTokens) {
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

  private static void scan(Block b, Plan plan, LogQuery q, TreeMap<Key, Hit> best, QueryDeadline deadline)
      throws IOException {
    boolean newest = q.order() == Order.NEWEST;
    long[] times = b.times();
    long from = q.fromNanos();
    long toExclusive = q.toNanos();
    if (q.after() != null) {
      if (newest) {
        toExclusive = Math.min(toExclusive, q.after().timeNanos() == Long.MAX_VALUE ? Long.MAX_VALUE
            : q.after().timeNanos() + 1);
      } else {
        from = Math.max(from, q.after().timeNanos());
      }
    }
    int lo = firstAtLeast(times, from);
    int hi = firstAtLeast(times, toExclusive);
    if (lo >= hi) {
      return;
    }
    long[] ingested = b.ingested();
    byte[] severities = plan.severityMask == -1 ? null : b.severities();
    boolean[] services = q.services().isEmpty() ? null : indexesOf(b.services, q.services());
    boolean[] hosts = q.hosts().isEmpty() ? null : indexesOf(b.hosts, q.hosts());
    int[] serviceIdx = services == null ? null : b.serviceIndexes();
    int[] hostIdx = hosts == null ? null : b.hostIndexes();
    Block.Rows rows = b.rows();
    // With words or attribute values to find, the chunks whose filters rule them out are skipped.
    boolean[] chunkMay = plan.tokens.length == 0 ? null : b.chunksThatMayHold(plan.tokens);
    int chunkRows = b.chunkRows();
    for (int k = 0; k < hi - lo; k++) {
      if (k % ROWS_PER_CHECK == ROWS_PER_CHECK - 1) {
        deadline.check();
      }
      int i = newest ? hi - 1 - k : lo + k;
      if (chunkMay != null && !chunkMay[i / chunkRows]) {
        continue;
      }
      long t = times[i];
      if (best.size() >= q.limit()) {
        long worst = newest ? best.firstKey().time() : best.lastKey().time();
        if (newest ? t < worst : t > worst) {
          return;
        }
      }
      if (ingested[i] > q.asOfNanos()
          || severities != null && (plan.severityMask & (1 << severities[i])) == 0
          || serviceIdx != null && !services[serviceIdx[i]]
          || hostIdx != null && !hosts[hostIdx[i]]) {
        continue;
      }
      if (plan.asciiWords != null && !rows.mayHoldWords(i, plan.asciiWords)) {
        continue;
      }
      LogEvent e = rows.get(i, ingested[i]);
      if (q.after() != null && t == q.after().timeNanos()) {
        int c = e.id().compareTo(q.after().id());
        if (newest ? c >= 0 : c <= 0) {
          continue;
        }
      }
      if (!plan.wordMatch.allIn(e.message())) {
        continue;
      }
      if (!attributesMatch(e, q.attributes())) {
        continue;
      }
      Key key = new Key(t, e.id());
      Hit prev = best.get(key);
      if (prev == null || prev.seq() < b.seq) {
        best.put(key, new Hit(e, b.seq));
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

  private static boolean attributesMatch(LogEvent e, Map<String, String> wanted) {
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      Object v = e.attributes().get(w.getKey());
      if (v == null || !String.valueOf(v).equals(w.getValue())) {
        return false;
      }
    }
    return true;
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

  private void compactAll() {
    for (ConcurrentSkipListMap<Long, Partition> days : tenants.values()) {
      for (Partition p : days.values()) {
        if (closed) {
          return;
        }
        try {
          compact(p);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "compaction of " + p.dir + " failed; the blocks stay as they are", e);
        }
      }
    }
  }

  /** Merges small blocks of a partition into one, once there are enough of them. */
  void compact(Partition p) throws IOException {
    List<Block> small = p.blocks.stream().filter(b -> b.count < SMALL_BLOCK)
        .sorted(Comparator.comparingLong(b -> b.seq)).toList();
    if (small.size() < MERGE_WHEN) {
      return;
    }
    List<Block> chosen = new ArrayList<>();
    int rows = 0;
    for (Block b : small) {
      if (chosen.size() >= 2 && rows + b.count > MERGED_MAX_ROWS) {
        break;
      }
      chosen.add(b);
      rows += b.count;
    }
    BlockWriter merged = new BlockWriter(chosen.stream().mapToLong(b -> b.filter.estimatedTokens()).sum());
    mergeInto(chosen, merged);
    p.replace(chosen, write(p, merged.finish()));
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
   * holds one event per block. Of events equal on (time, id), the one in the newest block wins.
   */
  private static void mergeInto(List<Block> blocks, BlockWriter out) throws IOException {
    Comparator<Cursor> order = Comparator.comparing((Cursor c) -> c.current, BY_TIME_ID)
        .thenComparing(c -> -c.block.seq);
    java.util.PriorityQueue<Cursor> heap = new java.util.PriorityQueue<>(order);
    for (Block b : blocks) {
      Cursor c = new Cursor(b);
      if (c.advance()) {
        heap.add(c);
      }
    }
    LogEvent last = null;
    while (!heap.isEmpty()) {
      Cursor c = heap.poll();
      LogEvent e = c.current;
      // The newest copy of a repeat comes first (the order breaks ties by newest block); skip the rest.
      if (last == null || last.timeNanos() != e.timeNanos() || !last.id().equals(e.id())) {
        c.addCurrentTo(out);
        last = e;
      }
      if (c.advance()) {
        heap.add(c);
      }
    }
  }

  /** Compacts every partition now (for tests). */
  void compactNow() throws IOException {
    for (ConcurrentSkipListMap<Long, Partition> days : tenants.values()) {
      for (Partition p : days.values()) {
        compact(p);
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
        Files.deleteIfExists(b.path);
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
