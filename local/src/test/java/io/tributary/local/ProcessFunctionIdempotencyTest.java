package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.config.Settings;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameCodec;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.ProcessFunction;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.query.LogQuery;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestService;
import io.tributary.testing.InMemoryEventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivering the same batch to ProcessFunction twice leaves no duplicate in the store or the archive. */
class ProcessFunctionIdempotencyTest {

  private static final TenantId ACME = TenantId.of("acme");

  @TempDir
  Path dir;

  private static final com.microsoft.azure.functions.ExecutionContext CONTEXT =
      new com.microsoft.azure.functions.ExecutionContext() {
        @Override
        public Logger getLogger() {
          return Logger.getLogger("test");
        }

        @Override
        public String getInvocationId() {
          return "test";
        }

        @Override
        public String getFunctionName() {
          return "Process";
        }
      };

  private static String props(long... offsets) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < offsets.length; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"SequenceNumber\":").append(offsets[i]).append('}');
    }
    return sb.append(']').toString();
  }

  @Test
  void theSameBatchTwiceChangesNothing() throws Exception {
    Settings s = Settings.from(RuntimeFixture.settings(dir));
    try (FunctionApp app = LocalRuntime.buildApp(s, new byte[32], new byte[32])) {
      ProcessFunction process = new ProcessFunction(app);
      // Three frames as ingest makes them: each request's body becomes one frame.
      InMemoryEventLog captured = new InMemoryEventLog(1);
      IngestService ingest = new IngestService(captured, new FrameCodec(), IngestLimits.defaults(),
          java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(5));
      for (int f = 0; f < 3; f++) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
          body.append("{\"message\":\"frame ").append(f).append(" event ").append(i).append("\"}\n");
        }
        ingest.ingest(new IngestRequest(ACME, "application/x-ndjson", null,
            body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), EventDefaults.none()));
      }
      List<byte[]> frames = captured.frames();
      assertEquals(3, frames.size());
      String partition = "{\"PartitionId\":\"1\"}";
      process.run(frames.subList(0, 2), props(10, 20), partition, CONTEXT);
      process.run(frames.subList(0, 2), props(10, 20), partition, CONTEXT);
      // A redelivery that starts at the same place and reaches further, as after a crash.
      process.run(frames, props(10, 20, 30), partition, CONTEXT);

      List<LogEvent> stored = storeContents(app);
      assertEquals(300, stored.size());
      assertEquals(300, new HashSet<>(stored.stream().map(LogEvent::id).toList()).size());

      DirectoryArchiveStore archive = new DirectoryArchiveStore(dir.resolve("archive"));
      List<SegmentKey> segments = archive.list(ACME, 0, Long.MAX_VALUE / 4);
      assertEquals(2, segments.size(), "one segment per delivery that brought new frames: " + segments);
      Set<String> archived = new HashSet<>();
      int total = 0;
      for (SegmentKey k : segments) {
        for (LogEvent e : ArchiveSegments.decode(ACME, archive.get(k).orElseThrow())) {
          archived.add(e.id());
          total++;
        }
      }
      assertEquals(300, total, "no event archived twice");
      assertEquals(300, archived.size());
    }
  }

  private static List<LogEvent> storeContents(FunctionApp app) throws Exception {
    // Query through the same service the API uses, page by page.
    List<LogEvent> out = new ArrayList<>();
    io.tributary.query.QueryRequest all = new io.tributary.query.QueryRequest(LogQuery.all(1000), null);
    io.tributary.query.QueryPage page = app.query().query(ACME, all);
    out.addAll(page.events());
    while (page.nextCursor() != null) {
      page = app.query().query(ACME, new io.tributary.query.QueryRequest(LogQuery.all(1000), page.nextCursor()));
      out.addAll(page.events());
    }
    return out;
  }
}
