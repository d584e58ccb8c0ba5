package io.tributary.local.syslog;

import io.tributary.event.TenantId;
import io.tributary.ingest.IngestService;
import io.tributary.tenancy.TenantDirectory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Syslog over TCP (RFC 6587): each connection's stream split into messages, octet-counted
 * ({@code LEN SP MSG}) or newline-terminated, read in batches: what has arrived is ingested and
 * made durable before the next bytes are read, so a fast sender is held back by TCP's own window
 * and nothing read is lost by refusing it. A batch refused whole (rate limit, backpressure, a
 * suspended tenant) closes the connection, so the sender keeps the rest in its queue and resends
 * it on reconnecting. TCP syslog has no acknowledgement of its own: bytes the kernel took but
 * that were not yet ingested when the runtime crashes are lost, as with any TCP syslog receiver.
 * A connection that stays open is kept; it is closed when the sender closes or on shutdown.
 */
final class SyslogTcpListener implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SyslogTcpListener.class.getName());
  private static final int MAX_CONNECTIONS = 64;

  private final ServerSocket server;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final IngestService ingest;
  private final TenantDirectory directory;
  private final TenantId tenant;
  private final int maxMessageBytes;
  private final Thread acceptor;
  private volatile boolean closing;

  SyslogTcpListener(String host, int port, IngestService ingest, TenantDirectory directory, TenantId tenant)
      throws IOException {
    this.server = new ServerSocket(port, 64, InetAddress.getByName(host));
    this.ingest = ingest;
    this.directory = directory;
    this.tenant = tenant;
    this.maxMessageBytes = ingest.limits().maxEventBytes();
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(MAX_CONNECTIONS, r -> {
      Thread t = new Thread(r, "syslog-tcp-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::accept, "syslog-tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closing) {
      try {
        Socket s = server.accept();
        if (open.size() >= MAX_CONNECTIONS) {
          LOG.warning("syslog tcp: more than " + MAX_CONNECTIONS + " connections; closing " + s.getRemoteSocketAddress());
          s.close();
          continue;
        }
        open.add(s);
        pool.execute(() -> serve(s));
      } catch (IOException e) {
        if (!closing) {
          LOG.warning("syslog tcp: accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket s) {
    String source = "tcp " + s.getRemoteSocketAddress();
    SyslogSink sink = new SyslogSink(ingest, directory, tenant, source);
    try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 64 << 10)) {
      byte[] buf = new byte[Math.min(maxMessageBytes + 1, 1 << 20)];
      while (!closing) {
        int len = next(in, buf);
        if (len < 0) {
          break;
        }
        if (len > 0) {
          sink.add(buf, 0, Math.min(len, buf.length));
        }
        if ((sink.full() || in.available() == 0) && !sink.flush()) {
          return;
        }
      }
      sink.flush();
    } catch (SocketException e) {
      sink.flush();
    } catch (IOException e) {
      LOG.warning("syslog " + source + ": " + e);
    } finally {
      open.remove(s);
    }
  }

  /**
   * The next message into {@code buf}: its length (a longer one is cut at the buffer, and the
   * format rejects it as too large), 0 for a blank line, -1 at the end of the stream.
   */
  static int next(InputStream in, byte[] buf) throws IOException {
    int c = in.read();
    while (c == '\n' || c == '\r' || c == 0) {
      c = in.read();
    }
    if (c < 0) {
      return -1;
    }
    int n = 0;
    if (c >= '1' && c <= '9') {
      // Octet counting: LEN SP MSG; digits not followed by a space are the start of a plain line.
      long len = c - '0';
      buf[n++] = (byte) c;
      while ((c = in.read()) >= '0' && c <= '9' && len < Integer.MAX_VALUE) {
        len = len * 10 + (c - '0');
        buf[n < buf.length ? n++ : n] = (byte) c;
      }
      if (c == ' ') {
        long read = 0;
        int k = 0;
        while (read < len) {
          int r = in.read(buf, k, (int) Math.min(buf.length - k, len - read));
          if (r < 0) {
            break;
          }
          read += r;
          k += r;
          if (k == buf.length) {
            in.skipNBytes(len - read);
            break;
          }
        }
        return k;
      }
      if (c < 0) {
        return n;
      }
      buf[n < buf.length ? n++ : n] = (byte) c;
    } else {
      buf[n++] = (byte) c;
    }
    while ((c = in.read()) >= 0 && c != '\n') {
      if (n < buf.length) {
        buf[n++] = (byte) c;
      }
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return n;
  }

  @Override
  public void close() throws Exception {
    closing = true;
    server.close();
    for (Socket s : open) {
      // Ends each reader's wait; what it read is still ingested before its thread ends.
      s.shutdownInput();
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    acceptor.join(5000);
  }

}
