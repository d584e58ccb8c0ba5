package io.tributary.local;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.IngestService;
import io.tributary.json.Json;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.blocks.BlockStore;
import io.tributary.local.idempotency.FileClientIdLedger;
import io.tributary.local.quarantine.DirectoryQuarantine;
import io.tributary.parse.LogLineParser;
import io.tributary.pattern.MinerRegistry;
import io.tributary.process.BatchProcessor;
import io.tributary.process.Enricher;
import io.tributary.process.ProcessingLimits;
import io.tributary.process.RepeatFilter;
import io.tributary.process.SourceFrame;
import io.tributary.query.CursorCodec;
import io.tributary.query.QueryRequest;
import io.tributary.query.QueryService;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The start-up warm-up of the processing path (issue 19, the cold start): before the runtime
 * opens its port, real Loghub lines (a sample bundled with the runtime) go through what the first
 * requests will go through — gzip and NDJSON or text decoding and framing by ingest, frame
 * decoding, parsing, pattern mining, block encoding with its filters, archive encoding, a few
 * queries — so the JIT has compiled that path before the first event waits on it. Without it,
 * processing falls 0.5-2 M events behind in the first 5-20 s of a start under load
 * (docs/benchmarks.md, "Cold start").
 *
 * <p>Nothing of it is kept or seen: it runs on its own instances (ingest service, processor,
 * enricher with its own pattern miners, block store, archive, id ledger, quarantine) in a temporary
 * folder outside the data folder, deleted after; its frames never reach the event log; its
 * instances report to no metrics (they are not the app's) and write no audit. It is bounded by
 * {@code budget} ({@code TRIBUTARY_WARMUP_SECONDS}; 0 turns it off).
 */
public final class ProcessingWarmup {

  private static final Logger LOG = Logger.getLogger(ProcessingWarmup.class.getName());
  /** The bundled lines, each {@code system<TAB>raw line}. */
  static final String SAMPLE = "warmup/loghub-sample.txt";
  /** The scratch tenant of the throwaway store. */
  static final TenantId TENANT = TenantId.of("warmup");
  static final int EVENTS_PER_BODY = 1000;
  /** Rounds (bodies ingested) run whatever the budget: each step, processing and queries included, runs at least once. */
  static final int MIN_ROUNDS = 4;
  /** Frames per processing batch (a journal read of 512 KiB hands processing a few). */
  static final int FRAMES_PER_BATCH = 4;

  /**
   * What a warm-up did.
   *
   * @param events events processed (stored in the throwaway store)
   * @param queries queries answered from it
   * @param millis how long it ran
   * @param skipped why it did not run, or null when it ran
   */
  public record Report(long events, int queries, long millis, String skipped) {

    static Report skipped(String why) {
      return new Report(0, 0, 0, why);
    }

    public boolean ran() {
      return skipped == null;
    }
  }

  private ProcessingWarmup() {
  }

  /**
   * Warms the processing path for about {@code budget} (the round in hand is finished, and every
   * step runs at least once: {@link #MIN_ROUNDS}) in a temporary folder under {@code tempParent},
   * removed after.
   */
  public static Report run(Duration budget, Path tempParent, IngestLimits ingestLimits, ProcessingLimits limits)
      throws IOException {
    if (budget.isZero() || budget.isNegative()) {
      return Report.skipped("off (TRIBUTARY_WARMUP_SECONDS=0)");
    }
    List<String[]> sample = sample();
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    Path dir = Files.createTempDirectory(tempParent, "tributary-warmup-");
    Clock clock = Clock.systemUTC();
    long events = 0;
    int queries = 0;
    try (BlockStore store = new BlockStore(dir.resolve("store"));
        DirectoryArchiveStore archive = new DirectoryArchiveStore(dir.resolve("archive"));
        FileClientIdLedger ids = new FileClientIdLedger(dir.resolve("ids"), clock, Duration.ofHours(1), 100_000);
        DirectoryQuarantine quarantine = new DirectoryQuarantine(dir.resolve("quarantine"))) {
      CapturedFrames frames = new CapturedFrames(true);
      IngestService ingest = new IngestService(frames, new FrameCodec(), ingestLimits, clock, Duration.ofSeconds(5));
      BatchProcessor processor = new BatchProcessor(store, archive,
          new Enricher(new LogLineParser(), new MinerRegistry()), new RepeatFilter(ids), quarantine, limits, clock);
      byte[] cursorKey = new byte[32];
      new java.security.SecureRandom().nextBytes(cursorKey);
      QueryService query = new QueryService(store, new CursorCodec(cursorKey), clock);
      Random r = new Random(19);
      long offset = 0;
      for (int round = 0; round < MIN_ROUNDS || System.nanoTime() < deadline; round++) {
        IngestRequest request = round % 4 == 3
            ? new IngestRequest(TENANT, "text/plain", null, textBody(sample, r),
                new EventDefaults(sample.get(r.nextInt(sample.size()))[0], "warmup", io.tributary.event.Severity.INFO))
            : new IngestRequest(TENANT, "application/x-ndjson", "gzip",
                gzip(ndjsonBody(sample, r, clock.millis())), EventDefaults.none());
        IngestResult result = ingest.ingest(request);
        if (!(result instanceof IngestResult.Accepted)) {
          // The bundled sample is refused (a limit set very low): what ran so far is the warm-up.
          LOG.warning("warm-up stopped: its sample was refused (" + result + ")");
          break;
        }
        List<byte[]> published = frames.take(FRAMES_PER_BATCH);
        if (!published.isEmpty()) {
          List<SourceFrame> batch = new ArrayList<>(published.size());
          for (byte[] f : published) {
            batch.add(new SourceFrame(0, offset++, f));
          }
          events += processor.process(batch).events();
        }
        if (round % 8 == 3) {
          String[] line = sample.get(r.nextInt(sample.size()));
          for (String q : List.of("{\"q\":\"" + word(line[1], r) + "\",\"limit\":100}", "{\"limit\":100}",
              "{\"minSeverity\":\"WARN\",\"services\":[\"" + line[0] + "\"],\"limit\":100}")) {
            try {
              query.query(TENANT, QueryRequest.read(q.getBytes(StandardCharsets.UTF_8)));
              queries++;
            } catch (io.tributary.query.QueryException e) {
              throw new IllegalStateException("the warm-up's own query is refused: " + q, e);
            }
          }
        }
      }
    } finally {
      delete(dir);
    }
    return new Report(events, queries, (System.nanoTime() - start) / 1_000_000, null);
  }

  /** The bundled lines as {system, raw line}. */
  static List<String[]> sample() {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = ProcessingWarmup.class.getResourceAsStream(SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException("the warm-up sample " + SAMPLE + " is not on the class path");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String l = lines.readLine(); l != null; l = lines.readLine()) {
        int tab = l.indexOf('\t');
        if (tab > 0) {
          out.add(new String[] {l.substring(0, tab).toLowerCase(java.util.Locale.ROOT), l.substring(tab + 1)});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A word of letters of {@code line} (of four or more), as a user searches for one; "error" when it has none. */
  static String word(String line, Random r) {
    List<String> words = new ArrayList<>();
    for (String w : line.split("[^A-Za-z]+")) {
      if (w.length() >= 4) {
        words.add(w.toLowerCase(java.util.Locale.ROOT));
      }
    }
    return words.isEmpty() ? "error" : words.get(r.nextInt(words.size()));
  }

  /** Redraws every digit, keeping the line's shape: ids and numbers vary as real ones do. */
  static String vary(String s, Random r) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= '0' && c[i] <= '9') {
        c[i] = (char) ('0' + r.nextInt(10));
      }
    }
    return new String(c);
  }

  /** {@link #EVENTS_PER_BODY} JSON events from the sample, one per line, as clients send them. */
  static byte[] ndjsonBody(List<String[]> sample, Random r, long nowMillis) throws IOException {
    return ndjsonBody(sample, r, nowMillis, EVENTS_PER_BODY);
  }

  /** {@code events} JSON events from the sample, one per line, as clients send them. */
  static byte[] ndjsonBody(List<String[]> sample, Random r, long nowMillis, int events) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(events * 300);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (int i = 0; i < events; i++) {
        String[] line = sample.get(r.nextInt(sample.size()));
        int host = r.nextInt(16);
        g.writeStartObject();
        g.writeStringField("timestamp", Instant.ofEpochMilli(nowMillis - events + i).toString());
        g.writeStringField("level", r.nextInt(10) == 0 ? "WARN" : "INFO");
        g.writeStringField("service", line[0]);
        g.writeStringField("host", "warmup-" + host);
        g.writeStringField("message", vary(line[1], r));
        g.writeObjectFieldStart("attributes");
        g.writeNumberField("pid", 1000 + host * 97);
        g.writeStringField("trace_id", Long.toHexString(r.nextLong() | Long.MIN_VALUE));
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
    return out.toByteArray();
  }

  /** {@link #EVENTS_PER_BODY} raw lines from the sample, as a text/plain body. */
  static byte[] textBody(List<String[]> sample, Random r) {
    return textBody(sample, r, EVENTS_PER_BODY);
  }

  /** {@code events} raw lines from the sample, as a text/plain body. */
  static byte[] textBody(List<String[]> sample, Random r, int events) {
    StringBuilder sb = new StringBuilder(events * 140);
    for (int i = 0; i < events; i++) {
      sb.append(vary(sample.get(r.nextInt(sample.size()))[1], r)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
