package io.tributary.export;

import io.tributary.archive.ArchiveStore;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.http.Problem;
import io.tributary.query.LogFilter;
import io.tributary.query.LogQuery;
import io.tributary.query.PatternIdExpansion;
import io.tributary.query.QueryException;
import io.tributary.store.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * Opens exports of one tenant's events (docs/export.md): every event a query matches, oldest
 * first by (time, id), each once, from the hot store and, for what may have left it, the archive.
 *
 * <p>Where events come from. The store holds at least every event ingested in the tenant's last
 * {@code hotDays} days; the archive holds every event, by ingest hour. An export reads the store
 * for the whole range and the archive for the ingest hours that may have left the store: from a
 * day before {@code from} (an event's time is at most a day ahead of its ingest) to
 * {@code hotDays - 1} days before now (a day of overlap, so that an event being dropped from the
 * store while the export starts is in one source or both). Events in both are given once.
 *
 * <p>Both sources are read at the snapshot time of the start: events ingested afterwards are not
 * in the export. At most {@code maxConcurrent} exports run at once per instance; another is
 * refused 503 {@link ExportReasons#EXPORT_BUSY}. Thread-safe.
 */
public final class ExportService implements AutoCloseable {

  /** Archive events sorted in memory per run; more are spilled to run files. */
  public static final int RUN_EVENTS = 16_384;

  private static final long HOUR = 3_600L * Timestamps.NANOS_PER_SECOND;
  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final LogStore store;
  private final ArchiveStore archive;
  private final Clock clock;
  private final Duration pageTimeout;
  private final LongSupplier nanoTime;
  private final ToIntFunction<TenantId> hotDays;
  private final Path spillDir;
  private final Semaphore running;
  private final int maxConcurrent;
  private final ExecutorService producers;
  private final int runEvents;
  private final BiFunction<TenantId, String, Set<String>> patternIds;

  /**
   * @param archive the archive, or null to export from the store alone
   * @param pageTimeout the deadline of each page read from the store (the query timeout)
   * @param hotDays each tenant's days in the hot store
   * @param spillDir a directory of this service's own for run files (emptied at start)
   * @param maxConcurrent most exports running at once
   */
  public ExportService(LogStore store, ArchiveStore archive, Clock clock, Duration pageTimeout, LongSupplier nanoTime,
      ToIntFunction<TenantId> hotDays, Path spillDir, int maxConcurrent) {
    this(store, archive, clock, pageTimeout, nanoTime, hotDays, spillDir, maxConcurrent, RUN_EVENTS, null);
    try {
      if (Files.isDirectory(spillDir)) {
        try (Stream<Path> old = Files.walk(spillDir)) {
          for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
            if (!p.equals(spillDir)) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the export run directory " + spillDir, e);
    }
  }

  private ExportService(LogStore store, ArchiveStore archive, Clock clock, Duration pageTimeout, LongSupplier nanoTime,
      ToIntFunction<TenantId> hotDays, Path spillDir, int maxConcurrent, int runEvents,
      BiFunction<TenantId, String, Set<String>> patternIds) {
    this(store, archive, clock, pageTimeout, nanoTime, hotDays, spillDir, maxConcurrent, runEvents, patternIds,
        new Semaphore(maxConcurrent), daemons());
  }

  private ExportService(LogStore store, ArchiveStore archive, Clock clock, Duration pageTimeout, LongSupplier nanoTime,
      ToIntFunction<TenantId> hotDays, Path spillDir, int maxConcurrent, int runEvents,
      BiFunction<TenantId, String, Set<String>> patternIds, Semaphore running, ExecutorService producers) {
    this.store = store;
    this.archive = archive;
    this.clock = clock;
    this.pageTimeout = pageTimeout;
    this.nanoTime = nanoTime;
    this.hotDays = hotDays;
    this.spillDir = spillDir;
    this.maxConcurrent = maxConcurrent;
    this.runEvents = runEvents;
    this.patternIds = patternIds;
    this.running = running;
    this.producers = producers;
  }

  private static ExecutorService daemons() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "export-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * This service, reading {@code pattern:ID} in {@code q} as any of the ids {@code equivalents}
   * gives for the tenant (as queries do).
   */
  public ExportService withPatternIds(BiFunction<TenantId, String, Set<String>> equivalents) {
    return new ExportService(store, archive, clock, pageTimeout, nanoTime, hotDays, spillDir, maxConcurrent,
        runEvents, equivalents, running, producers);
  }

  /** This service with {@code n} archive events per sorted run (tests make runs small to spill). */
  ExportService withRunEvents(int n) {
    return new ExportService(store, archive, clock, pageTimeout, nanoTime, hotDays, spillDir, maxConcurrent,
        n, patternIds, running, producers);
  }

  /**
   * Starts an export of {@code tenant}'s events; nothing is read until its first chunk is pulled.
   * The caller closes it.
   *
   * @throws QueryException 503 {@link ExportReasons#EXPORT_BUSY} when {@code maxConcurrent} run already
   */
  public Export open(TenantId tenant, ExportRequest request) throws QueryException {
    long now = Timestamps.ofInstant(clock.instant());
    return open(tenant, request, now, null, Long.MAX_VALUE,
        out -> ExportWriter.of(request.format(), request.fields(), out));
  }

  /**
   * Starts an export of one part of a longer file (an export job's): the events of the snapshot
   * {@code asOfNanos} strictly after {@code after} (null: from the first), at most {@code maxEvents}
   * of them, written as {@link ExportWriter#part} writes (CSV with {@code csvColumns} when a first
   * part chose them, the header only in the first part). Parts opened one after the other, each
   * after the {@link Export#last} of the one before, give exactly the events of the whole export,
   * each once, however often a part is written again.
   */
  public Export openPart(TenantId tenant, ExportRequest request, long asOfNanos, io.tributary.query.Position after,
      long maxEvents, List<String> csvColumns) throws QueryException {
    boolean first = after == null;
    return open(tenant, request, asOfNanos, after, maxEvents,
        out -> ExportWriter.part(request.format(), request.fields(), out, csvColumns, first));
  }

  private Export open(TenantId tenant, ExportRequest request, long now, io.tributary.query.Position after,
      long maxEvents, Export.Writers writers) throws QueryException {
    if (!running.tryAcquire()) {
      throw new QueryException(Problem.of(503, ExportReasons.EXPORT_BUSY, "this instance runs its most exports ("
          + maxConcurrent + ") at once; retry shortly").with("retryAfterSeconds", 5));
    }
    LogQuery q = request.query().withAsOf(now);
    if (patternIds != null) {
      q = q.withExpr(PatternIdExpansion.expand(q.expr(), id -> patternIds.apply(tenant, id)));
    }
    q = q.withPage(1, after);
    LogQuery query = q;
    long toNanos = q.toNanos() == Long.MAX_VALUE ? now : q.toNanos();
    String name = "tributary-" + tenant.value() + "-" + (q.fromNanos() == Long.MIN_VALUE ? "start"
        : NAME_TIME.format(Timestamps.toInstant(q.fromNanos()))) + "-"
        + NAME_TIME.format(Timestamps.toInstant(toNanos)) + "." + request.format().code();
    Path[] runDir = new Path[1];
    Export.Sources sources = () -> {
      EventCursor hot = new StorePages(store, tenant, query, pageTimeout, nanoTime);
      EventCursor cold = EventCursor.EMPTY;
      long fromHour = query.fromNanos() == Long.MIN_VALUE ? 0
          : Math.max(0, Math.floorDiv(query.fromNanos() - Timestamps.NANOS_PER_DAY, HOUR));
      long toHour = Math.floorDiv(now - Math.max(0, hotDays.applyAsInt(tenant) - 1L) * Timestamps.NANOS_PER_DAY,
          HOUR);
      if (archive != null && toHour >= fromHour) {
        runDir[0] = OwnerOnly.createDirectories(spillDir.resolve(UUID.randomUUID().toString()));
        cold = ArchiveRuns.sort(archive, tenant, fromHour, toHour, LogFilter.of(query), runDir[0], runEvents);
      }
      return new OrderedMerge(hot, cold);
    };
    return new Export(new ExportRequest(query, request.format(), request.fields()), name, sources, () -> {
      running.release();
      if (runDir[0] != null) {
        try {
          Files.deleteIfExists(runDir[0]);
        } catch (IOException e) {
          // Removed when the service starts again.
        }
      }
    }, writers, maxEvents);
  }

  /** {@code export} as a streamed response body: a thread of this service's writes it ahead of the reader. */
  public ExportStream stream(Export export) {
    return new ExportStream(export, producers);
  }

  /**
   * {@code export} whole, for a host that cannot stream: at most {@code maxBytes}, else a 413
   * {@link ExportReasons#EXPORT_TOO_LARGE}. The export is closed.
   */
  public static byte[] collect(Export export, int maxBytes) throws QueryException, IOException {
    try (export) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = export.nextChunk()) != null) {
        if (out.size() + (long) chunk.length > maxBytes) {
          throw new QueryException(Problem.of(413, ExportReasons.EXPORT_TOO_LARGE, "this host answers at most "
              + maxBytes + " bytes in one response and the export is larger; narrow from/to or the filters and"
              + " export in parts").with("maxBytes", maxBytes));
        }
        out.write(chunk);
      }
      return out.toByteArray();
    }
  }

  @Override
  public void close() {
    producers.shutdownNow();
  }
}
