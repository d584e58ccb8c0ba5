package io.tributary.loadtest;

import io.tributary.parse.LogLineParser;
import io.tributary.parse.ParsedLine;
import io.tributary.pattern.Pattern;
import io.tributary.pattern.PatternMiner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the line parser and the pattern miner over the whole Loghub corpus
 * ({@code shared/data/loghub}, 8 systems, 16,000 lines), on one thread. Scores are lines per
 * second: each invocation handles the corpus once, {@link OperationsPerInvocation} counts its lines.
 *
 * <p>Run: {@code mvn -B -o -q -pl loadtest -am package -DskipTests} then
 * {@code java -cp "loadtest/target/classes:loadtest/target/lib/*" org.openjdk.jmh.Main ParseBenchmark -f 1 -wi 2 -i 3 -t 1}.
 * The corpus directory is {@code -Dtributary.loghub=DIR} or found from the working directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class ParseBenchmark {

  /** Lines in the corpus; checked at set-up. */
  static final int CORPUS_LINES = 16_000;
  private static final long REFERENCE_NANOS = 1_514_764_800_000_000_000L;

  private String[] lines;
  private LogLineParser parser;
  private PatternMiner miner;

  @Setup(Level.Trial)
  public void load() {
    Path dir = corpusDirectory();
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_2k.log")).sorted().toList()) {
        all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (all.size() != CORPUS_LINES) {
      throw new IllegalStateException("expected " + CORPUS_LINES + " corpus lines in " + dir + ", found " + all.size());
    }
    lines = all.toArray(new String[0]);
    parser = new LogLineParser();
    miner = new PatternMiner();
  }

  /** Parse every line (time, level, header fields, pairs, body). */
  @Benchmark
  @OperationsPerInvocation(CORPUS_LINES)
  public void parse(Blackhole bh) {
    for (String line : lines) {
      bh.consume(parser.parse(line, REFERENCE_NANOS));
    }
  }

  /** Parse every line and mine the pattern of its body: what ingest enrichment does per text line. */
  @Benchmark
  @OperationsPerInvocation(CORPUS_LINES)
  public void parseAndMine(Blackhole bh) {
    for (String line : lines) {
      ParsedLine p = parser.parse(line, REFERENCE_NANOS);
      Pattern pattern = miner.mine(p.body());
      bh.consume(p);
      bh.consume(pattern);
    }
  }

  /** The Loghub corpus: {@code -Dtributary.loghub=DIR}, or found from the working directory. */
  public static Path corpusDirectory() {
    String configured = System.getProperty("tributary.loghub");
    if (configured != null) {
      return Paths.get(configured);
    }
    for (String candidate : List.of("shared/data/loghub", "../shared/data/loghub", "../../shared/data/loghub")) {
      Path p = Paths.get(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no Loghub corpus found: pass -Dtributary.loghub=DIR");
  }
}
