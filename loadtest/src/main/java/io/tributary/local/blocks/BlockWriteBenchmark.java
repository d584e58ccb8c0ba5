package io.tributary.local.blocks;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.frame.EncodedRows;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding rows into blocks, on one thread, to a stream that discards them: what processing pays
 * per event for the small block of each batch ({@code batchBlocks}: blocks of 4,000 rows, one frame
 * per chunk, no dictionary) and what compaction pays again for the merged block ({@code
 * mergedBlock}: one framed block with a trained dictionary). Columns, the block's, chunks' and
 * frames' token filters and zstd; no file, no fsync. The rows are the Loghub lines of the eight
 * systems ({@code -Dtributary.loghub=DIR}), drawn at random with their digits redrawn, with a
 * service, host and a few attributes, in time order. Scores are rows per second.
 *
 * <p>Run: {@code loadtest/run jmh BlockWriteBenchmark -jvmArgsAppend -Dtributary.loghub=$PWD/testdata/loghub}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx3g", "-XX:+UseParallelGC"})
public class BlockWriteBenchmark {

  static final int ROWS = 128_000;
  static final int BATCH_ROWS = 4_000;
  private static final List<String> SYSTEMS = List.of("Android", "Apache", "BGL", "HDFS", "HealthApp", "OpenSSH",
      "Spark", "Zookeeper");

  private List<LogEvent> events;
  private EncodedRows rows;
  private final OutputStream discard = OutputStream.nullOutputStream();

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path dir = io.tributary.loadtest.ParseBenchmark.corpusDirectory();
    List<String> lines = new ArrayList<>();
    List<String> systems = new ArrayList<>();
    for (String s : SYSTEMS) {
      for (String l : Files.readAllLines(dir.resolve(s).resolve(s + "_2k.log"), StandardCharsets.UTF_8)) {
        lines.add(l);
        systems.add(s.toLowerCase(java.util.Locale.ROOT));
      }
    }
    Random r = new Random(7);
    long t0 = 1_795_000_000_000_000_000L;
    TenantId tenant = TenantId.of("bench");
    events = new ArrayList<>(ROWS);
    rows = new EncodedRows(ROWS * 300);
    for (int i = 0; i < ROWS; i++) {
      int k = r.nextInt(lines.size());
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("pid", (long) (1000 + r.nextInt(50)));
      attributes.put("trace_id", Long.toHexString(r.nextLong() | Long.MIN_VALUE));
      LogEvent e = new LogEvent(String.format("bench-%08d", i), tenant, EventKind.STRUCTURED, t0 + i * 7_000L,
          t0 + i * 7_000L, Severity.INFO, "INFO", systems.get(k), "ip-10-0-" + r.nextInt(64), io.tributary.loadtest.Corpus.vary(lines.get(k), 0, r), attributes,
          null, null, "p" + (k % 300), null);
      events.add(e);
      rows.add(e);
    }
  }

  /** The blocks processing writes, one per batch of {@link #BATCH_ROWS} rows. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int batchBlocks() throws IOException {
    int written = 0;
    for (int from = 0; from < ROWS; from += BATCH_ROWS) {
      int to = Math.min(ROWS, from + BATCH_ROWS);
      long bound = 0;
      for (int i = from; i < to; i++) {
        bound += BlockWriter.tokenBound(events.get(i));
      }
      BlockWriter w = new BlockWriter(bound, discard);
      for (int i = from; i < to; i++) {
        w.add(events.get(i), rows.array(), rows.start(i), rows.end(i) - rows.start(i));
      }
      w.finish();
      written += w.count();
    }
    return written;
  }

  /** One merged block of every row, framed, with a dictionary: what compaction writes. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int mergedBlock() throws IOException {
    BlockWriter w = new BlockWriter(ROWS * 4L, discard, BlockWriter.CHUNK_BYTES, BlockWriter.FRAME_ROWS);
    for (int i = 0; i < ROWS; i++) {
      w.add(events.get(i), rows.array(), rows.start(i), rows.end(i) - rows.start(i));
    }
    w.finish();
    return w.count();
  }
}
