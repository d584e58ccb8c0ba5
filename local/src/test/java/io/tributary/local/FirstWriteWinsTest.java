package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.archive.ArchiveSegments;
import io.tributary.archive.SegmentKey;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.local.archive.DirectoryArchiveStore;
import io.tributary.local.testing.RuntimeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity is (tenant, id) and the first write wins, over HTTP against the running runtime: a
 * client's retry of an event with its own id is stored and archived once, with or without a
 * timestamp, and re-sending an id with other content never replaces what was stored.
 */
class FirstWriteWinsTest {

  @TempDir
  Path dir;

  private static byte[] ndjson(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aClientRetryWithoutTimestampIsStoredAndArchivedOnce() throws Exception {
    try (RuntimeFixture rt = RuntimeFixture.start(dir)) {
      byte[] body = ndjson("{\"id\":\"order-17\",\"message\":\"card declined\",\"service\":\"billing\"}");
      for (int attempt = 0; attempt < 3; attempt++) {
        assertEquals(202, rt.ingest("application/x-ndjson", body, null).statusCode());
        Thread.sleep(5);
      }
      rt.awaitProcessed();
      List<JsonNode> found = rt.queryAll(Map.of("q", "declined"));
      assertEquals(1, found.size(), found.toString());
      assertEquals("order-17", found.get(0).path("id").asText());
      assertEquals(1, archived(TenantId.of("acme")).stream().filter(e -> e.id().equals("order-17")).count());
      assertEquals(2, rt.runtime.app().processor().repeats().repeats());
    }
  }

  @Test
  void reSendingAnIdWithOtherContentNeverReplacesTheFirst() throws Exception {
    try (RuntimeFixture rt = RuntimeFixture.start(dir)) {
      String t = "\"timestamp\":\"2026-11-28T10:00:00Z\"";
      assertEquals(202, rt.ingest("application/x-ndjson",
          ndjson("{\"id\":\"audit-1\"," + t + ",\"message\":\"transfer 100 EUR approved\"}"), null).statusCode());
      rt.awaitProcessed();
      assertEquals(202, rt.ingest("application/x-ndjson",
          ndjson("{\"id\":\"audit-1\"," + t + ",\"message\":\"transfer 9999 EUR approved\"}"), null).statusCode());
      assertEquals(202, rt.ingest("application/x-ndjson",
          ndjson("{\"id\":\"audit-1\",\"message\":\"transfer 1 EUR approved\"}"), null).statusCode());
      rt.awaitProcessed();
      List<JsonNode> found = rt.queryAll(Map.of("q", "transfer"));
      assertEquals(1, found.size(), found.toString());
      assertEquals("transfer 100 EUR approved", found.get(0).path("message").asText());
      List<String> archived = archived(TenantId.of("acme")).stream().filter(e -> e.id().equals("audit-1"))
          .map(LogEvent::message).toList();
      assertEquals(List.of("transfer 100 EUR approved"), archived);
      assertEquals(2, rt.runtime.app().processor().repeats().conflicts());
    }
  }

  private List<LogEvent> archived(TenantId tenant) throws Exception {
    DirectoryArchiveStore archive = new DirectoryArchiveStore(dir.resolve("archive"));
    List<LogEvent> out = new ArrayList<>();
    for (SegmentKey k : archive.list(tenant, 0, Long.MAX_VALUE / 4)) {
      out.addAll(ArchiveSegments.decode(tenant, archive.get(k).orElseThrow()));
    }
    return out;
  }
}
