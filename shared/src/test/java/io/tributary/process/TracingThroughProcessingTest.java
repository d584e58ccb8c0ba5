package io.tributary.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.IngestService;
import io.tributary.telemetry.Tracing;
import io.tributary.testing.InMemoryArchiveStore;
import io.tributary.testing.InMemoryEventLog;
import io.tributary.testing.InMemoryQuarantine;
import io.tributary.testing.ListLogStore;
import io.tributary.testing.Loghub;
import io.tributary.testing.RecordedSpans;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One request's trace through the platform: the caller's {@code traceparent} is the parent of the
 * request's server span, ingest writes that span's context into the frames it publishes (frame
 * version 3), and processing's span for the batch links to it, with the store write as its child.
 * Untraced requests still make version 2 frames, byte for byte as before.
 */
class TracingThroughProcessingTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final RecordedSpans spans = new RecordedSpans();
  private final List<SpanData> finished = spans.finished;
  private final InMemoryEventLog log = new InMemoryEventLog(2);
  private final IngestService ingest = new IngestService(log, new FrameCodec(), IngestLimits.defaults(),
      Clock.systemUTC(), Duration.ofSeconds(5));
  private final ListLogStore store = new ListLogStore();
  private final BatchProcessor processor = new BatchProcessor(store, new InMemoryArchiveStore(), new Enricher(),
      new RepeatFilter(new RepeatFilterTest.MemoryLedger()), new InMemoryQuarantine(), ProcessingLimits.defaults(),
      Clock.systemUTC());

  @AfterEach
  void uninstall() {
    spans.close();
  }

  private IngestResult ingestLines(int n) {
    byte[] body = String.join("\n", Loghub.lines("OpenSSH").subList(0, n)).getBytes(StandardCharsets.UTF_8);
    return ingest.ingest(new IngestRequest(ACME, "text/plain", null, body, EventDefaults.none()));
  }

  @Test
  void theRequestsSpanTravelsInItsFramesAndTheBatchThatStoresThemLinksToIt() throws Exception {
    spans.install();
    Span server = Tracing.serverSpan("Ingest", CALLER);
    try (Scope s = server.makeCurrent()) {
      assertInstanceOf(IngestResult.Accepted.class, ingestLines(50));
    } finally {
      server.end();
    }
    List<byte[]> frames = log.frames();
    assertEquals(1, frames.size());
    assertEquals(3, frames.get(0)[2], "a traced request's frame is version 3");
    assertEquals(Tracing.traceparent(server.getSpanContext()), FrameCodec.traceparent(frames.get(0)));

    List<SourceFrame> batch = new ArrayList<>();
    batch.add(new SourceFrame(0, 0, frames.get(0)));
    processor.process(batch);
    assertEquals(50, store.query(ACME, io.tributary.query.LogQuery.all(1000)).size(), "the frame's events are stored");

    SpanData ingestSpan = only("Ingest");
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", ingestSpan.getTraceId(), "the caller's trace");
    assertEquals("00f067aa0ba902b7", ingestSpan.getParentSpanId(), "the caller's span is the parent");
    SpanData process = only("process");
    assertEquals(1, process.getLinks().size());
    io.opentelemetry.api.trace.SpanContext linked = process.getLinks().get(0).getSpanContext();
    assertEquals(ingestSpan.getTraceId() + "/" + ingestSpan.getSpanId(), linked.getTraceId() + "/" + linked.getSpanId(),
        "processing links to the request's span");
    assertEquals(50L, process.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("tributary.events")));
    SpanData upsert = only("store.upsert");
    assertEquals(process.getSpanId(), upsert.getParentSpanId(), "the store write is part of the batch's span");
    assertEquals(process.getTraceId(), upsert.getTraceId());
    SpanData append = only("archive.append");
    assertEquals(process.getSpanId(), append.getParentSpanId(), "the archive append is part of the batch's span");
    assertEquals(1L, append.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("tributary.segments")),
        "one tenant, one hour, one partition: one segment");
  }

  @Test
  void anUntracedRequestMakesTheFramesItAlwaysMadeAndTheBatchSpanHasNoLink() throws Exception {
    assertInstanceOf(IngestResult.Accepted.class, ingestLines(10));
    byte[] frame = log.frames().get(0);
    assertEquals(2, frame[2], "version 2, as before traces");
    assertNull(FrameCodec.traceparent(frame));
    spans.install();
    processor.process(List.of(new SourceFrame(0, 0, frame)));
    assertTrue(only("process").getLinks().isEmpty());
  }

  @Test
  void aMalformedTraceparentStartsANewTraceAndNeverFailsTheRequest() {
    spans.install();
    for (String bad : new String[] {"", "01-abc", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz", "x".repeat(55)}) {
      Span s = Tracing.serverSpan("Ingest", bad);
      s.end();
      assertTrue(s.getSpanContext().isValid());
      assertTrue(!s.getSpanContext().getTraceId().equals("00000000000000000000000000000000"), bad);
    }
    assertEquals(5, finished.stream().filter(d -> d.getParentSpanId().equals("0000000000000000")).count(),
        "each a root span");
  }

  private SpanData only(String name) {
    List<SpanData> named = finished.stream().filter(d -> d.getName().equals(name)).toList();
    assertEquals(1, named.size(), name + " spans: " + named);
    return named.get(0);
  }
}
