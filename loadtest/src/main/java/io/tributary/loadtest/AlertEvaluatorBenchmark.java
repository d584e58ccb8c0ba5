package io.tributary.loadtest;

import io.tributary.alert.AlertEvaluator;
import io.tributary.alert.AlertRuleDocument;
import io.tributary.alert.AlertService;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.json.Json;
import io.tributary.parse.LogLineParser;
import io.tributary.parse.ParsedLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * How many stored events one thread evaluates against 100 active alert rules of one tenant
 * (issue 14): the Loghub corpus (16,000 lines of 8 systems, parsed for severity and host, the
 * system as service) told to an {@link AlertEvaluator} in batches of 1,000, each event with a new
 * id (so none is skipped as a repeat). The rules are a mix a platform team writes: thresholds on a
 * word, a phrase, a service and a severity, grouped by host or not, absences per service, rate
 * changes and new-pattern rules, with queries that match from none to most of the events.
 * Scores are events per second.
 *
 * <p>Run: {@code loadtest/run jmh AlertEvaluatorBenchmark -f 1 -wi 3 -i 5 -t 1
 * -jvmArgsAppend -Dtributary.loghub=$PWD/testdata/loghub}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class AlertEvaluatorBenchmark {

  static final int RULES = 100;
  static final int BATCH = 1_000;
  private static final TenantId TENANT = TenantId.of("bench");
  private static final String[] WORDS = {"error", "failed", "exception", "timeout", "denied", "closed", "block",
      "unexpected", "session", "connection"};
  private static final String[] SERVICES = {"hdfs", "bgl", "healthapp", "openssh", "spark", "zookeeper", "android",
      "apache"};

  private List<LogEvent> corpus;
  private AlertEvaluator evaluator;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong transitions = new AtomicLong();

  @Setup(Level.Trial)
  public void load() throws Exception {
    Path dir = ParseBenchmark.corpusDirectory();
    LogLineParser parser = new LogLineParser();
    corpus = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_2k.log")).sorted().toList()) {
        String service = f.getFileName().toString().replace("_2k.log", "").toLowerCase(java.util.Locale.ROOT);
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          ParsedLine p = parser.parse(line, 0);
          corpus.add(new LogEvent("x", TENANT, EventKind.TEXT, 0, 0, p.severity(), p.severityText(), service,
              p.host() == null ? "host-" + (corpus.size() % 16) : p.host(), p.body(), p.attributes(), null, null,
              "p" + (corpus.size() % 200), null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    evaluator = new AlertEvaluator(Clock.systemUTC(), (rule, t) -> transitions.incrementAndGet());
    addRules(evaluator, TENANT);
  }

  /**
   * The benchmark's 100 rules for {@code tenant}: thresholds on words, phrases, services and
   * severities, absences, rate changes and new patterns (also the change-feed benchmark's).
   */
  static void addRules(AlertEvaluator evaluator, TenantId tenant) throws Exception {
    for (int i = 0; i < RULES; i++) {
      String word = WORDS[i % WORDS.length];
      String service = SERVICES[i % SERVICES.length];
      String rule = switch (i % 10) {
        case 0, 1 -> "{\"name\":\"r\",\"query\":{\"q\":\"" + word + "\"},"
            + "\"condition\":{\"type\":\"threshold\",\"count\":1000000,\"window\":\"1m\"}}";
        case 2 -> "{\"name\":\"r\",\"query\":{\"q\":\"\\\"" + word + " " + WORDS[(i + 1) % WORDS.length] + "\\\"\"},"
            + "\"condition\":{\"type\":\"threshold\",\"count\":10,\"window\":\"5m\"}}";
        case 3 -> "{\"name\":\"r\",\"query\":{\"services\":[\"" + service + "\"],\"minSeverity\":\"WARN\"},"
            + "\"condition\":{\"type\":\"threshold\",\"count\":1000000,\"window\":\"1m\",\"groupBy\":\"host\"}}";
        case 4 -> "{\"name\":\"r\",\"query\":{\"q\":\"service:" + service + " severity:>=error\"},"
            + "\"condition\":{\"type\":\"threshold\",\"count\":50,\"window\":\"10m\"}}";
        case 5 -> "{\"name\":\"r\",\"query\":{\"services\":[\"" + service + "\"]},"
            + "\"condition\":{\"type\":\"absence\",\"count\":1,\"window\":\"5m\"}}";
        case 6 -> "{\"name\":\"r\",\"query\":{\"q\":\"" + word + " OR " + WORDS[(i + 3) % WORDS.length] + "\"},"
            + "\"condition\":{\"type\":\"rateChange\",\"window\":\"1m\",\"factor\":3}}";
        case 7 -> "{\"name\":\"r\",\"query\":{\"services\":[\"" + service + "\"]},"
            + "\"condition\":{\"type\":\"newPattern\",\"window\":\"10m\"}}";
        case 8 -> "{\"name\":\"r\",\"query\":{\"q\":\"" + word + "* -debug\"},"
            + "\"condition\":{\"type\":\"threshold\",\"count\":1000000,\"window\":\"1m\",\"groupBy\":\"service\"}}";
        default -> "{\"name\":\"r\",\"query\":{\"minSeverity\":\"ERROR\"},"
            + "\"condition\":{\"type\":\"threshold\",\"count\":1000000,\"window\":\"15m\",\"groupBy\":\"severity\"}}";
      };
      String id = "rule" + i;
      evaluator.changed(new AlertService.Change(tenant, id, AlertRuleDocument.fromJson(id, Json.mapper().readTree(rule)), 1));
    }
  }

  private final ThreadCpu cpu = new ThreadCpu("alert evaluation");
  private long events;

  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start(events);
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    cpu.stop(events);
  }

  /** Tells the evaluator the corpus in batches of 1,000 events, each with a fresh id and the time now. */
  @Benchmark
  @OperationsPerInvocation(16_000)
  public long evaluate() {
    events += 16_000;
    long now = io.tributary.event.Timestamps.ofInstant(java.time.Instant.now());
    List<LogEvent> batch = new ArrayList<>(BATCH);
    for (LogEvent e : corpus) {
      batch.add(new LogEvent("e" + ids.incrementAndGet(), TENANT, e.kind(), now, now, e.severity(), e.severityText(),
          e.service(), e.host(), e.message(), e.attributes(), null, null, e.patternId(), null));
      if (batch.size() == BATCH) {
        evaluator.stored(batch);
        batch.clear();
      }
    }
    evaluator.stored(batch);
    return transitions.get();
  }
}
