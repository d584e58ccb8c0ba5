package io.tributary.loadtest;

import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestService;
import io.tributary.local.CapturedFrames;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.process.BatchProcessor;
import io.tributary.process.BatchResult;
import io.tributary.process.SourceFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The processing path on one thread: frames as ingest makes them (NDJSON bodies of 1,000 Loghub
 * events) through decode, enrichment, the block store and the archive, with their fsyncs, on the
 * machine's disk. Reported per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ProcessBenchmark {

  private static final int EVENTS = 1000;
  private static final int FRAMES_PER_BATCH = 30;

  private Path dir;
  private BlockStore store;
  private DirectoryArchiveStore archive;
  private BatchProcessor processor;
  private List<byte[]> frames;
  private long offset;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("tributary-process-bench");
    store = new BlockStore(dir.resolve("store"));
    archive = new DirectoryArchiveStore(dir.resolve("archive"));
    processor = new BatchProcessor(store, archive, io.tributary.local.LocalRuntime.newEnricher(),
        new io.tributary.process.RepeatFilter(new io.tributary.local.idempotency.FileClientIdLedger(dir.resolve("ids"),
            java.time.Clock.systemUTC(), java.time.Duration.ofHours(24), 1_000_000)),
        new io.tributary.local.quarantine.DirectoryQuarantine(dir.resolve("quarantine")),
        io.tributary.process.ProcessingLimits.defaults(), Clock.systemUTC());
    Corpus corpus = Corpus.load(Path.of(System.getProperty("tributary.loghub", "testdata/loghub")));
    CapturedFrames log = new CapturedFrames(true);
    IngestService ingest = new IngestService(log, new FrameCodec(), IngestLimits.defaults(), Clock.systemUTC(),
        Duration.ofSeconds(5));
    Random r = new Random(3);
    for (int i = 0; i < 256; i++) {
      byte[] body = com.github.luben.zstd.Zstd.compress(corpus.ndjsonBatch(EVENTS, r, System.currentTimeMillis(), null), 3);
      ingest.ingest(new IngestRequest(TenantId.of("t" + (i % 4)), "application/x-ndjson", "zstd", body,
          EventDefaults.none()));
    }
    frames = log.frames();
  }

  private final ThreadCpu cpu = new ThreadCpu("process");

  /** Prints the thread's CPU time per event of each iteration (the anchor's figure on a shared machine). */
  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start(offset * EVENTS);
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    cpu.stop(offset * EVENTS);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS * FRAMES_PER_BATCH)
  public BatchResult process() throws IOException {
    List<SourceFrame> batch = new ArrayList<>(FRAMES_PER_BATCH);
    for (int i = 0; i < FRAMES_PER_BATCH; i++) {
      batch.add(new SourceFrame(0, offset, frames.get((int) (offset % frames.size()))));
      offset++;
    }
    return processor.process(batch);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
