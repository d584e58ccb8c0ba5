package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.Role;
import io.tributary.local.testing.RawHttp;
import io.tributary.local.testing.RuntimeFixture;
import io.tributary.tail.TailSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tail whose client stops reading, over a real socket (a tiny receive buffer, never read) while
 * events it matches are ingested in volume, with a short {@code TRIBUTARY_TAIL_STALL_MS} and a queue
 * large enough that only the stall can drop the tail: ingest goes on being accepted and processed as
 * if no one tailed; the server drops the tail once its connection stayed unwritable, which frees the
 * tenant's only tail place; and it closes the connection on its own, so that the client, when it
 * reads at last, comes to the end of the stream. Every connection of the test is a raw socket, so the
 * server's count of open connections says exactly which are open.
 */
class TailStallOverHttpTest {

  private static final Duration BOUND = Duration.ofSeconds(8);

  @TempDir
  Path dir;

  @Test
  void aReaderThatStopsReadingNeverSlowsIngestAndIsDroppedAndClosed() throws Exception {
    Map<String, String> s = RuntimeFixture.settings(dir);
    s.put(TailSettings.MAX_STREAMS.name(), "1");
    // The queue holds every event sent here: the tail is dropped by the stall, not by a full queue.
    s.put(TailSettings.QUEUE_EVENTS.name(), "100000");
    s.put(TailSettings.STALL_MS.name(), "300");
    try (RuntimeFixture fx = RuntimeFixture.start(s)) {
      int port = fx.runtime.port();
      String acme = fx.token("acme", Role.LOGS_WRITE, Role.LOGS_READ);
      try (RawHttp writer = RawHttp.open(port);
           Socket stalled = new Socket()) {
        assertEquals(202, ingest(writer, acme, batch(0, 10)).status(), "warm-up ingest");
        awaitOpenConnections(fx, 1);

        // The client that stops reading: asks for the tail, then never reads a byte.
        stalled.setReceiveBufferSize(1024);
        stalled.connect(new InetSocketAddress("127.0.0.1", port));
        stalled.getOutputStream().write(("GET /api/logs/tail?q=stallword HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Accept: text/event-stream\r\nAuthorization: Bearer " + acme + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        stalled.getOutputStream().flush();
        // Its answer has begun (seen without reading a byte), and it holds the tenant's only place.
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (stalled.getInputStream().available() == 0) {
          assertTrue(System.nanoTime() < deadline, "no answer to the tail request");
          Thread.sleep(10);
        }
        assertEquals(429, newTailStatus(port, acme), "the stalled tail holds the tenant's only place");

        // (a) Ingest in volume, every event matching the tail: each batch is accepted at once.
        int batches = 0;
        long slowestMillis = 0;
        int freedStatus;
        long loadDeadline = System.nanoTime() + BOUND.toNanos();
        do {
          long t0 = System.nanoTime();
          RawHttp.Response r = ingest(writer, acme, batch(++batches, 2000));
          slowestMillis = Math.max(slowestMillis, (System.nanoTime() - t0) / 1_000_000);
          assertEquals(202, r.status(), "batch " + batches + ": " + r.text());
          freedStatus = newTailStatus(port, acme);
        } while (freedStatus != 200 && System.nanoTime() < loadDeadline);
        // (b) The stalled tail was dropped and its place freed: a new tail of the tenant opened (200).
        assertEquals(200, freedStatus, "no new tail could be opened after " + batches + " batches");
        assertTrue(slowestMillis < 5_000, "slowest ingest while a reader was stuck: " + slowestMillis + " ms");
        // One more batch after the drop, and all of it is processed and found by a query.
        assertEquals(202, ingest(writer, acme, batch(++batches, 2000)).status());
        fx.awaitProcessed();
        awaitFound(writer, acme, "stallbatch1");
        awaitFound(writer, acme, "stallbatch" + batches);

        // (c) The server closed the stalled connection by itself, the client still not reading: only
        // the writer's connection is open on the server. What the client then reads comes to an end.
        // (Whether the farewell event: dropped is among it depends on whether the kernel took the last
        // bytes before the server gave up on a reader that does not read, so it is not asserted.)
        awaitOpenConnections(fx, 1);
        readToTheEnd(stalled, BOUND);
      }
    }
  }

  /** {@code n} lines that the tail matches; the first names its batch. */
  private static byte[] batch(int b, int n) {
    StringBuilder sb = new StringBuilder(n * 100);
    sb.append("INFO stallword stallbatch").append(b).append('\n');
    for (int i = 1; i < n; i++) {
      sb.append("INFO stallword request ").append(i).append(" of batch ").append(b)
          .append(" served in 12 ms by worker-7 for tenant traffic that nobody reads\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static RawHttp.Response ingest(RawHttp c, String bearer, byte[] body) throws IOException {
    c.send("POST /api/logs/ingest?service=stalled HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        + "Authorization: Bearer " + bearer + "\r\nContent-Length: " + body.length + "\r\n\r\n");
    c.send(body);
    return c.read();
  }

  /** The status of a new tail of the tenant (its connection closed at once after). */
  private static int newTailStatus(int port, String bearer) throws IOException {
    try (RawHttp c = RawHttp.open(port)) {
      c.send("GET /api/logs/tail?q=stallword HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + bearer
          + "\r\n\r\n");
      return c.read().status();
    }
  }

  private static void awaitFound(RawHttp c, String bearer, String word) throws Exception {
    byte[] q = ("{\"q\":\"" + word + "\",\"limit\":1}").getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      c.send("POST /api/logs/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + bearer + "\r\nContent-Length: " + q.length + "\r\n\r\n");
      c.send(q);
      RawHttp.Response r = c.read();
      assertEquals(200, r.status(), r.text());
      if (r.json().path("events").size() == 1) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, word + " was not found by a query");
      Thread.sleep(50);
    }
  }

  private static void awaitOpenConnections(RuntimeFixture fx, int n) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (fx.runtime.httpServer().openConnections() != n) {
      assertTrue(System.nanoTime() < deadline, "open connections: " + fx.runtime.httpServer().openConnections()
          + ", expected " + n);
      Thread.sleep(20);
    }
  }

  /** Reads (and discards) what the server had sent; fails unless the stream ends within {@code bound}. */
  private static void readToTheEnd(Socket socket, Duration bound) throws IOException {
    long deadline = System.nanoTime() + bound.toNanos();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[64 << 10];
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      assertTrue(left > 0, "the stalled connection did not end within " + bound.toMillis() + " ms");
      socket.setSoTimeout((int) left);
      try {
        if (in.read(buf) < 0) {
          return;
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the stalled connection did not end within " + bound.toMillis() + " ms", e);
      } catch (SocketException e) {
        return; // reset by the server: ended as well
      }
    }
  }
}
