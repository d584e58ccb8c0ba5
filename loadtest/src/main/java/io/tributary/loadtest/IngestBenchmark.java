package io.tributary.loadtest;

import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestFormats;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.elastic.ElasticBulkFormat;
import io.tributary.ingest.loki.LokiJsonFormat;
import io.tributary.ingest.loki.LokiProtobufFormat;
import io.tributary.ingest.syslog.SyslogFormat;
import io.tributary.ingest.otlp.OtlpProtobufFormat;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.IngestService;
import io.tributary.local.CapturedFrames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ingest path without HTTP and without the disk: decode the body, judge every event, build
 * the frames. Reported per event (1,000 events a request), one thread. The same events as NDJSON,
 * text, OTLP protobuf, Elasticsearch bulk, Loki (JSON; protobuf + snappy) and syslog (RFC 5424), each
 * through its format.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class IngestBenchmark {

  private static final int EVENTS = 1000;

  @Param({"ndjson-gzip", "ndjson-zstd", "ndjson-identity", "text-gzip", "text-zstd", "otlpproto-gzip",
      "esbulk-gzip", "esbulk-identity", "lokijson-gzip", "lokiproto-snappy", "syslog-gzip", "syslog-identity"})
  public String body;

  private IngestService service;
  private IngestRequest[] requests;
  private String[] routes;
  private int next;

  @Setup
  public void setup() {
    Corpus corpus = Corpus.load(Path.of(System.getProperty("tributary.loghub", "testdata/loghub")));
    service = new IngestService(new CapturedFrames(false), new FrameCodec(), IngestLimits.defaults(), Clock.systemUTC(),
        Duration.ofSeconds(5));
    Random r = new Random(1);
    String[] parts = body.split("-");
    requests = new IngestRequest[32];
    routes = new String[32];
    for (int i = 0; i < requests.length; i++) {
      long now = System.currentTimeMillis();
      byte[] raw;
      String type;
      String route = IngestFormats.INGEST_ROUTE;
      switch (parts[0]) {
        case "text": raw = corpus.textBatch(EVENTS, r); type = "text/plain"; break;
        case "otlpproto":
          raw = corpus.otlpProtobufBatch(EVENTS, r, now);
          type = "application/x-protobuf";
          route = OtlpProtobufFormat.ROUTE;
          break;
        case "esbulk":
          raw = corpus.elasticBulkBatch(EVENTS, r, now);
          type = "application/x-ndjson";
          route = ElasticBulkFormat.ROUTE;
          break;
        case "lokijson":
          raw = corpus.lokiJsonBatch(EVENTS, r, now);
          type = "application/json";
          route = LokiJsonFormat.ROUTE;
          break;
        case "lokiproto":
          raw = corpus.lokiProtobufBatch(EVENTS, r, now);
          type = "application/x-protobuf";
          route = LokiProtobufFormat.INSTANCE.route();
          break;
        case "syslog":
          raw = corpus.syslogBatch(EVENTS, r, now);
          type = "text/plain";
          route = SyslogFormat.ROUTE;
          break;
        default: raw = corpus.ndjsonBatch(EVENTS, r, now, null); type = "application/x-ndjson";
      }
      routes[i] = route;
      byte[] sent;
      String enc;
      switch (parts[1]) {
        case "gzip": sent = Corpus.gzip(raw); enc = "gzip"; break;
        case "zstd": sent = com.github.luben.zstd.Zstd.compress(raw, 3); enc = "zstd"; break;
        case "snappy": sent = snappy(raw); enc = null; break;
        default: sent = raw; enc = null;
      }
      requests[i] = new IngestRequest(TenantId.of("bench"), type, enc, sent, EventDefaults.none());
    }
  }

  /** Snappy's block format, as Loki's protobuf clients send it (no Content-Encoding). */
  private static byte[] snappy(byte[] raw) {
    try {
      return org.xerial.snappy.Snappy.compress(raw);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public IngestResult ingest() {
    int k = next++ & 31;
    IngestResult r = service.ingest(routes[k], requests[k], null);
    if (!(r instanceof IngestResult.Accepted)) {
      throw new IllegalStateException(String.valueOf(r));
    }
    return r;
  }
}
