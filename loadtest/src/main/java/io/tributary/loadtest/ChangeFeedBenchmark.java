package io.tributary.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.alert.AlertEvaluator;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.functions.azure.cosmos.ChangeFeedItems;
import io.tributary.functions.azure.cosmos.CosmosChangeFeed;
import io.tributary.functions.azure.search.CountingSearchIndex;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestService;
import io.tributary.json.Json;
import io.tributary.local.CapturedFrames;
import io.tributary.process.BatchProcessor;
import io.tributary.process.SourceFrame;
import io.tributary.query.LogQuery;
import io.tributary.search.IndexFeed;
import io.tributary.search.IndexingPolicy;
import io.tributary.store.LogStore;
import io.tributary.testing.InMemoryArchiveStore;
import io.tributary.testing.InMemoryQuarantine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two Azure change-feed consumers of the {@code logs} container on one thread (issue 18,
 * docs/capacity.md: "search indexing" and "alert evaluation in Azure"). Setup runs Loghub NDJSON
 * bodies (1,000 events each, zstd, one tenant) through ingest and processing as
 * {@link ProcessBenchmark} does, and packs each processing batch's stored events into the Cosmos
 * items {@code CosmosLogStore} writes, grouped as the change feed delivers them (at most 100 items
 * an invocation). Each benchmark invocation is one processing batch's deliveries (30,000 events):
 *
 * <ul>
 *   <li>{@link #index}: what {@code IndexFunction} does — parse the delivery's JSON and decode every
 *       block ({@link CosmosChangeFeed#events}), keep what the default indexing policy picks
 *       (WARN and above of the last day), build the search documents and serialise the upload
 *       requests ({@link CountingSearchIndex}: no network, bytes counted);
 *   <li>{@link #alertEvaluate}: what {@code AlertEvaluateFunction} does — the same decode, then
 *       the evaluator with {@link AlertEvaluatorBenchmark}'s 100 rules of the tenant.
 * </ul>
 *
 * <p>24 batches (720,000 events, each id once) are cycled, more than the evaluator remembers of
 * matching ids, so a block delivered again is evaluated as new, as fresh blocks are. Scores are
 * stored events per second; each iteration also prints the thread's CPU time per event
 * ({@link ThreadCpu}), the figure to use on a shared machine.
 *
 * <p>Run (with the same-run anchor): {@code loadtest/run jmh 'ChangeFeedBenchmark|ProcessBenchmark'
 * -f 1 -wi 2 -i 3 -w 2 -r 3 -t 1 -jvmArgsAppend -Dtributary.loghub=$PWD/testdata/loghub}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ChangeFeedBenchmark {

  static final int EVENTS_PER_FRAME = 1000;
  static final int FRAMES_PER_BATCH = 30;
  static final int EVENTS_PER_BATCH = EVENTS_PER_FRAME * FRAMES_PER_BATCH;
  static final int BATCHES = 24;
  /** The functions' {@code maxItemsPerInvocation}. */
  static final int ITEMS_PER_DELIVERY = 100;
  private static final TenantId TENANT = TenantId.of("bench");

  private Path dir;
  /** Per processing batch, its change-feed deliveries. */
  private List<List<String>> batches;
  private int next;
  private IndexFeed feed;
  private CountingSearchIndex index;
  private AlertEvaluator evaluator;
  private final AtomicLong transitions = new AtomicLong();
  private long items;
  private long events;
  private final ThreadCpu cpu = new ThreadCpu("change feed");

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dir = Files.createTempDirectory("tributary-changefeed-bench");
    List<LogEvent> stored = new ArrayList<>();
    LogStore capture = new LogStore() {
      @Override
      public void upsert(List<LogEvent> events) {
        stored.addAll(events);
      }

      @Override
      public List<LogEvent> query(TenantId tenant, LogQuery query) {
        return List.of();
      }

      @Override
      public void close() {
      }
    };
    BatchProcessor processor = new BatchProcessor(capture, new InMemoryArchiveStore(),
        io.tributary.local.LocalRuntime.newEnricher(),
        new io.tributary.process.RepeatFilter(new io.tributary.local.idempotency.FileClientIdLedger(dir.resolve("ids"),
            Clock.systemUTC(), Duration.ofHours(24), 1_000_000)),
        new InMemoryQuarantine(), io.tributary.process.ProcessingLimits.defaults(), Clock.systemUTC());
    Corpus corpus = Corpus.load(ParseBenchmark.corpusDirectory());
    CapturedFrames log = new CapturedFrames(true);
    IngestService ingest = new IngestService(log, new FrameCodec(), IngestLimits.defaults(), Clock.systemUTC(),
        Duration.ofSeconds(5));
    Random r = new Random(3);
    for (int i = 0; i < BATCHES * FRAMES_PER_BATCH; i++) {
      byte[] body = com.github.luben.zstd.Zstd.compress(
          corpus.ndjsonBatch(EVENTS_PER_FRAME, r, System.currentTimeMillis(), null), 3);
      ingest.ingest(new IngestRequest(TENANT, "application/x-ndjson", "zstd", body, EventDefaults.none()));
    }
    List<byte[]> frames = log.frames();
    batches = new ArrayList<>();
    long offset = 0;
    for (int b = 0; b < BATCHES; b++) {
      List<SourceFrame> batch = new ArrayList<>();
      for (int f = 0; f < FRAMES_PER_BATCH; f++, offset++) {
        batch.add(new SourceFrame(0, offset, frames.get((int) offset)));
      }
      stored.clear();
      processor.process(batch);
      if (stored.size() != EVENTS_PER_BATCH) {
        throw new IllegalStateException("batch " + b + " stored " + stored.size() + " events, not " + EVENTS_PER_BATCH);
      }
      batches.add(ChangeFeedItems.deliveries(stored, ITEMS_PER_DELIVERY));
    }
    index = new CountingSearchIndex();
    feed = new IndexFeed(index, IndexingPolicy.DEFAULT, t -> null, Clock.systemUTC());
    evaluator = new AlertEvaluator(Clock.systemUTC(), (rule, t) -> transitions.incrementAndGet());
    AlertEvaluatorBenchmark.addRules(evaluator, TENANT);
  }

  private List<String> nextBatch() {
    List<String> b = batches.get(next);
    next = (next + 1) % batches.size();
    return b;
  }

  /** Decodes one delivery as the change-feed functions do. */
  private List<LogEvent> decode(String delivery) throws IOException {
    JsonNode items = Json.mapper().readTree(delivery);
    this.items += CosmosChangeFeed.items(items);
    return CosmosChangeFeed.events(items);
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start(events);
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    cpu.stop(events);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_BATCH)
  public long index() throws IOException {
    events += EVENTS_PER_BATCH;
    long n = 0;
    for (String delivery : nextBatch()) {
      n += feed.feed(decode(delivery)).result().indexed();
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_BATCH)
  public long alertEvaluate() throws IOException {
    events += EVENTS_PER_BATCH;
    long n = 0;
    for (String delivery : nextBatch()) {
      List<LogEvent> events = decode(delivery);
      evaluator.stored(events);
      n += events.size();
    }
    return n + transitions.get();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    IndexFeed.Counts c = feed.counts();
    System.out.printf("%nchange feed: %d items decoded; indexed %d of %d events (%d skipped), %d upload requests,"
        + " %d bytes (%.1f per document); %d events evaluated, %d alert transitions%n", items, c.indexed(),
        c.indexed() + c.skipped(), c.skipped(), index.requests, index.bytes,
        index.documents == 0 ? 0.0 : (double) index.bytes / index.documents, evaluator.evaluatedEvents(),
        transitions.get());
    Harness.deleteTree(dir);
  }
}
