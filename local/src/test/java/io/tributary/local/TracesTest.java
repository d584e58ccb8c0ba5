package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.config.Settings;
import io.tributary.json.Json;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.testing.Loghub;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace of one request through the local runtime ({@code TRIBUTARY_TRACES=log}): the caller's
 * {@code traceparent} is the parent of the request's server span; processing's span for the batch
 * that stored its events links to that span, and the store write is a child of it. The spans are
 * read back as the JSON lines the server log gets.
 */
class TracesTest {

  @TempDir
  Path dir;

  private static final String CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void anIngestRequestIsFollowedFromItsCallerThroughProcessingToTheStore() throws Exception {
    List<JsonNode> spans = new CopyOnWriteArrayList<>();
    Logger traces = Logger.getLogger("io.tributary.traces");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        try {
          spans.add(Json.mapper().readTree(r.getMessage()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    traces.addHandler(h);
    Map<String, String> settings = RuntimeFixture.settings(dir);
    settings.put(Settings.TRACES.name(), "log");
    try (RuntimeFixture fx = RuntimeFixture.start(settings)) {
      byte[] body = String.join("\n", Loghub.lines("Zookeeper").subList(0, 40)).getBytes(StandardCharsets.UTF_8);
      HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri("logs/ingest")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .header("Authorization", "Bearer " + fx.token("acme", io.tributary.auth.Role.LOGS_WRITE)).header("Content-Type", "text/plain")
          .header("traceparent", CALLER);
      assertEquals(202, fx.send(b).statusCode());
      fx.awaitProcessed();
      JsonNode ingest = await(spans, "Ingest", "0af7651916cd43dd8448eb211c80319c");
      assertEquals("SERVER", ingest.path("kind").asText());
      assertEquals("b7ad6b7169203331", ingest.path("parentSpanId").asText(), "the caller's span is the parent");
      assertEquals("202", ingest.path("attributes").path("http.response.status_code").asText());
      JsonNode process = null;
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (process == null && System.nanoTime() < deadline) {
        for (JsonNode s : spans) {
          if (s.path("span").asText().equals("process")) {
            for (JsonNode l : s.path("links")) {
              if (l.path("spanId").asText().equals(ingest.path("spanId").asText())) {
                process = s;
              }
            }
          }
        }
        Thread.sleep(100);
      }
      assertTrue(process != null, "a process span links to the request's span: " + spans);
      assertEquals("40", process.path("attributes").path("tributary.events").asText());
      String processSpan = process.path("spanId").asText();
      JsonNode upsert = null;
      for (JsonNode s : spans) {
        if (s.path("span").asText().equals("store.upsert") && s.path("parentSpanId").asText().equals(processSpan)) {
          upsert = s;
        }
      }
      assertTrue(upsert != null, "the store write is a child of the batch's span: " + spans);
    } finally {
      traces.removeHandler(h);
    }
  }

  private static JsonNode await(List<JsonNode> spans, String name, String traceId) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (JsonNode s : spans) {
        if (s.path("span").asText().equals(name) && s.path("traceId").asText().equals(traceId)) {
          return s;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + name + " span in trace " + traceId + ": " + spans);
  }
}
