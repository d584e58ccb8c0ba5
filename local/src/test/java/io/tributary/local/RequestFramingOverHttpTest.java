package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.local.testing.RawHttp;
import io.tributary.local.testing.RuntimeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches a function is what the request line says: bodies framed only by Content-Length or
 * chunked (never read as another request), routing on the path (never the Host header), and the
 * responses of pipelined requests in the order the requests came.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFramingOverHttpTest {

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    fx = RuntimeFixture.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private RawHttp open() throws Exception {
    return RawHttp.open(fx.runtime.port());
  }

  private String auth() {
    return "Authorization: Bearer " + fx.token + "\r\n";
  }

  /** A complete GET /api/health, as a smuggler would hide it in a body. */
  private static final String HIDDEN = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";

  private static void assertRefusedAndClosed(RawHttp c, int status, String code) throws Exception {
    RawHttp.Response r = c.read();
    assertEquals(status, r.status(), r.text());
    assertEquals(code, r.code(), r.text());
    assertEquals("close", r.headers().get("connection"));
    assertTrue(c.closedWithin(Duration.ofSeconds(5)), "closed, and nothing hidden in the body was answered");
  }

  @Test
  void aTransferEncodingThatIsNotChunkedIs400AndItsBodyIsNeverReadAsARequest() throws Exception {
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: gzip\r\n\r\n" + HIDDEN);
      assertRefusedAndClosed(c, 400, "invalid_transfer_encoding");
    }
  }

  @Test
  void aTransferCodingBeforeChunkedIs501() throws Exception {
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
      assertRefusedAndClosed(c, 501, "unsupported_transfer_encoding");
    }
  }

  @Test
  void chunkedAppliedTwiceOrNotLastIs400() throws Exception {
    for (String te : List.of("chunked, chunked", "chunked, gzip", "chunked\r\nTransfer-Encoding: chunked")) {
      try (RawHttp c = open()) {
        c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: text/plain\r\n"
            + "Transfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n" + HIDDEN);
        assertRefusedAndClosed(c, 400, "invalid_transfer_encoding");
      }
    }
  }

  @Test
  void contentLengthWithTransferEncodingIs400() throws Exception {
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: text/plain\r\n"
          + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
      assertRefusedAndClosed(c, 400, "conflicting_body_length");
    }
  }

  @Test
  void transferEncodingInHttp10Is400() throws Exception {
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.0\r\nHost: x\r\n" + auth() + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
      assertRefusedAndClosed(c, 400, "invalid_transfer_encoding");
    }
  }

  @Test
  void aChunkedBodyIsReadAndTheConnectionKeptAlive() throws Exception {
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\n" + auth() + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: Chunked\r\n\r\n8\r\nfirst li\r\nf\r\nne\nsecond line\n\r\n0\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals(202, r.status(), r.text());
      assertEquals(2, r.json().get("accepted").asInt());
      c.send(HIDDEN);
      assertEquals(200, c.read().status());
    }
  }

  @Test
  void routingUsesThePathNotTheHostHeader() throws Exception {
    String host = "Host: 127.0.0.1/api/logs/query?\r\n";
    try (RawHttp c = open()) {
      c.send("POST /api/health HTTP/1.1\r\n" + host + auth() + "Content-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}");
      RawHttp.Response r = c.read();
      assertEquals(405, r.status(), "POST /api/health is Health's route, not Query's: " + r.text());
      assertEquals("method_not_allowed", r.code());
      assertEquals("GET", r.headers().get("allow"));
    }
    try (RawHttp c = open()) {
      c.send("GET /api/health HTTP/1.1\r\n" + host + "\r\n");
      RawHttp.Response r = c.read();
      assertEquals(200, r.status(), r.text());
      assertEquals("ready", r.json().get("status").asText());
    }
  }

  @Test
  void anAbsoluteFormTargetIsRoutedOnItsPath() throws Exception {
    try (RawHttp c = open()) {
      c.send("GET http://elsewhere.example/api/health HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals(200, r.status(), r.text());
      assertEquals("ready", r.json().get("status").asText());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
    // A slow request (a large batch to decode, publish and fsync) ahead of fast ones, all in one write.
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      lines.add("{\"message\":\"pipelined event " + i + " with some words to decode\",\"level\":\"info\"}");
    }
    byte[] slow = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    String query = "{\"limit\":1}";
    StringBuilder all = new StringBuilder();
    all.append("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\n").append(auth())
        .append("Content-Type: application/x-ndjson\r\nContent-Length: ").append(slow.length).append("\r\n\r\n")
        .append(new String(slow, StandardCharsets.ISO_8859_1))
        .append(HIDDEN)
        .append("POST /api/logs/query HTTP/1.1\r\nHost: x\r\n").append(auth())
        .append("Content-Type: application/json\r\nContent-Length: ").append(query.length()).append("\r\n\r\n")
        .append(query)
        .append("GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
    try (RawHttp c = open()) {
      c.send(all.toString());
      RawHttp.Response first = c.read();
      assertEquals(202, first.status(), first.text());
      assertEquals(20_000, first.json().get("accepted").asInt());
      RawHttp.Response second = c.read();
      assertEquals(200, second.status(), second.text());
      assertEquals("ready", second.json().get("status").asText());
      RawHttp.Response third = c.read();
      assertEquals(200, third.status(), third.text());
      assertTrue(third.json().has("events"), third.text());
      RawHttp.Response fourth = c.read();
      assertEquals(404, fourth.status(), fourth.text());
    }
  }
}
