package io.tributary.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code run hostile-http}: what unauthenticated clients can make the HTTP host hold, measured on
 * a server process of its own (finding 5 of issue 10):
 * <ol>
 * <li>{@code bodies} connections at once each send a {@code body-mib} MiB ingest body without a
 *     token; the server's resident memory is read before, at the peak and {@code hold-seconds}
 *     after, with how much of each body the server took before it refused;
 * <li>{@code half-open} connections send half a request head and stop; how many the server still
 *     holds open is counted over time.
 * </ol>
 * Load goes to 127.0.0.1 only.
 */
final class HostileHttp {

  private final int port;
  private final long pid;

  HostileHttp(int port, long pid) {
    this.port = port;
    this.pid = pid;
  }

  Map<String, Object> run(int bodies, int bodyMib, Duration hold, int halfOpen, Duration watch) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    Thread.sleep(3000);
    for (int i = 0; i < 20; i++) {
      health();
    }
    System.gc();
    Thread.sleep(2000);
    long rss0 = ProcStats.of(pid).rssBytes();
    out.put("rssBeforeMiB", mib(rss0));

    long started = System.nanoTime();
    long bodyBytes = (long) bodyMib << 20;
    ExecutorService pool = Executors.newFixedThreadPool(bodies);
    List<Future<long[]>> sent = new ArrayList<>();
    for (int i = 0; i < bodies; i++) {
      sent.add(pool.submit(() -> unauthenticatedBody(bodyBytes)));
    }
    long peak = rss0;
    while (!sent.stream().allMatch(Future::isDone)) {
      peak = Math.max(peak, ProcStats.of(pid).rssBytes());
      Thread.sleep(50);
    }
    pool.shutdown();
    List<Map<String, Object>> each = new ArrayList<>();
    long writtenTotal = 0;
    for (Future<long[]> f : sent) {
      long[] r = f.get();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", r[0]);
      m.put("bytesWritten", r[1]);
      m.put("millis", r[2]);
      each.add(m);
      writtenTotal += r[1];
    }
    out.put("bodies", bodies);
    out.put("bodyMiB", bodyMib);
    out.put("sentMiB", mib(writtenTotal));
    out.put("answers", each);
    out.put("rssPeakMiB", mib(peak));
    long rssAfter = ProcStats.of(pid).rssBytes();
    out.put("rssRightAfterMiB", mib(rssAfter));
    long holdUntil = started + hold.toNanos();
    while (System.nanoTime() < holdUntil) {
      Thread.sleep(500);
    }
    long rssHeld = ProcStats.of(pid).rssBytes();
    out.put("rssAfterSeconds", hold.toSeconds());
    out.put("rssHeldMiB", mib(rssHeld));
    out.put("rssHeldGrowthMiB", mib(rssHeld - rss0));

    List<Socket> halves = new ArrayList<>();
    for (int i = 0; i < halfOpen; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.getOutputStream().write("POST /api/logs/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      halves.add(s);
    }
    Map<String, Object> openOverTime = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    for (long at : new long[] {1, 5, 12, 20, watch.toSeconds()}) {
      long wait = t0 + Duration.ofSeconds(at).toNanos() - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
      int open = 0;
      for (Socket s : halves) {
        if (!s.isClosed() && stillOpen(s)) {
          open++;
        } else {
          s.close();
        }
      }
      openOverTime.put(at + "s", open);
    }
    for (Socket s : halves) {
      s.close();
    }
    out.put("halfOpen", halfOpen);
    out.put("halfOpenStillHeld", openOverTime);
    return out;
  }

  /** Sends a body without a token: {status, bytes written, millis}. */
  private long[] unauthenticatedBody(long bodyBytes) {
    long t0 = System.nanoTime();
    long written = 0;
    int status = -1;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(120_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/logs/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
          + bodyBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] piece = new byte[256 << 10];
      java.util.Arrays.fill(piece, (byte) 'x');
      try {
        while (written < bodyBytes) {
          int n = (int) Math.min(piece.length, bodyBytes - written);
          out.write(piece, 0, n);
          written += n;
        }
        out.flush();
      } catch (IOException refused) {
        // The server closed while the body was going out.
      }
      status = readStatus(s.getInputStream());
    } catch (IOException e) {
      // No answer could be read: status stays -1.
    }
    return new long[] {status, written, (System.nanoTime() - t0) / 1_000_000};
  }

  private static int readStatus(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    String[] parts = line.toString().split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
  }

  /** Open when a short read times out; closed on end of stream, reset, or any bytes (a 408). */
  private static boolean stillOpen(Socket s) {
    try {
      s.setSoTimeout(50);
      s.getInputStream().read();
      // End of stream, or the first byte of an answer the server sends as it closes: not held.
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (SocketException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private void health() throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.getInputStream().readAllBytes();
    }
  }

  private static long mib(long bytes) {
    return Math.round(bytes / 1048576.0);
  }
}
