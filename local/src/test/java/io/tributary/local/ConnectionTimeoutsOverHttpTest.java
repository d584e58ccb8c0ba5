package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.local.testing.RawHttp;
import io.tributary.local.testing.RuntimeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends too slowly or stays silent is cut off: half-sent headers after the header
 * timeout, a body that stops after the read timeout (both 408), a kept-alive connection after the
 * idle timeout. Timeouts here are short (settings) so the test is quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionTimeoutsOverHttpTest {

  private static final Duration HEADER = Duration.ofMillis(600);
  private static final Duration READ = Duration.ofMillis(1000);
  private static final Duration IDLE = Duration.ofMillis(1200);
  /** Well past any of the timeouts, on a busy machine. */
  private static final Duration SOON = Duration.ofSeconds(5);

  @TempDir
  static Path dir;
  private RuntimeFixture fx;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(Settings.HTTP_HEADER_TIMEOUT_MS.name(), Long.toString(HEADER.toMillis()));
    s.put(Settings.HTTP_READ_TIMEOUT_MS.name(), Long.toString(READ.toMillis()));
    s.put(Settings.HTTP_IDLE_TIMEOUT_MS.name(), Long.toString(IDLE.toMillis()));
    fx = RuntimeFixture.start(s);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  private RawHttp open() throws Exception {
    return RawHttp.open(fx.runtime.port());
  }

  @Test
  void halfSentHeadersAreAnswered408AndCutAfterTheHeaderTimeout() throws Exception {
    try (RawHttp c = open()) {
      long t0 = System.nanoTime();
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/pl");
      RawHttp.Response r = c.read();
      long waited = System.nanoTime() - t0;
      assertEquals(408, r.status(), r.text());
      assertEquals("request_timeout", r.code());
      assertTrue(waited >= HEADER.toNanos() / 2, "not long before the timeout: " + waited / 1_000_000 + " ms");
      assertTrue(c.closedWithin(SOON));
    }
  }

  @Test
  void headersTrickledInByteByByteAreCutAtTheHeaderTimeoutAllTheSame() throws Exception {
    try (RawHttp c = open()) {
      byte[] head = ("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(100) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      long t0 = System.nanoTime();
      int sent = 0;
      try {
        while (sent < head.length && System.nanoTime() - t0 < SOON.toNanos()) {
          c.send(new byte[] {head[sent++]});
          Thread.sleep(50);
        }
      } catch (java.io.IOException closed) {
        // The server cut the connection while bytes were still coming.
      }
      assertTrue(System.nanoTime() - t0 < SOON.toNanos(), "cut before the trickle ended");
      assertTrue(sent < head.length, "cut after " + sent + " of " + head.length + " bytes");
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedSilentlyAfterTheHeaderTimeout() throws Exception {
    try (RawHttp c = open()) {
      assertTrue(c.closedWithin(SOON), "closed without a response");
    }
  }

  @Test
  void aBodyThatStopsArrivingIsAnswered408AndCutAfterTheReadTimeout() throws Exception {
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + fx.token + "\r\nContent-Length: 1000\r\n\r\nthe first ten");
      RawHttp.Response r = c.read();
      assertEquals(408, r.status(), r.text());
      assertEquals("request_timeout", r.code());
      assertTrue(r.json().get("detail").asText().contains("body"), r.text());
      assertTrue(c.closedWithin(SOON));
    }
  }

  @Test
  void aSlowButSteadyBodyIsReadInFull() throws Exception {
    byte[] body = "a line that arrives in pieces\n".repeat(8).getBytes(StandardCharsets.UTF_8);
    try (RawHttp c = open()) {
      c.send("POST /api/logs/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + fx.token + "\r\nContent-Length: " + body.length + "\r\n\r\n");
      // Eight pieces a quarter of the read timeout apart: twice the read timeout in all.
      int piece = body.length / 8;
      for (int i = 0; i < 8; i++) {
        Thread.sleep(READ.toMillis() / 4);
        c.send(java.util.Arrays.copyOfRange(body, i * piece, i == 7 ? body.length : (i + 1) * piece));
      }
      RawHttp.Response r = c.read();
      assertEquals(202, r.status(), r.text());
      assertEquals(8, r.json().get("accepted").asInt());
    }
  }

  @Test
  void aKeptAliveConnectionServesAgainThenIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttp c = open()) {
      c.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, c.read().status());
      assertFalse(c.closedWithin(IDLE.dividedBy(3)), "still open a while after the response");
      c.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, c.read().status(), "the kept-alive connection serves the next request");
      long t0 = System.nanoTime();
      assertTrue(c.closedWithin(SOON), "closed once idle");
      assertTrue(System.nanoTime() - t0 >= IDLE.toNanos() / 2, "not long before the idle timeout");
    }
  }
}
