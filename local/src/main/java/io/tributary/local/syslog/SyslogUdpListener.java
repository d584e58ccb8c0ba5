package io.tributary.local.syslog;

import io.tributary.event.TenantId;
import io.tributary.ingest.IngestService;
import io.tributary.tenancy.TenantDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.logging.Logger;

/**
 * Syslog over UDP (RFC 5426): one message a datagram (a datagram of several lines is several
 * messages). Best effort, as UDP is: the datagrams waiting are taken as one batch and made
 * durable before more are read; what arrives meanwhile waits in the socket's receive buffer, and
 * what overflows it the kernel drops, unseen by either side. A refused batch is logged and lost.
 */
final class SyslogUdpListener implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SyslogUdpListener.class.getName());
  /** The largest datagram UDP carries. */
  private static final int MAX_DATAGRAM = 65_535;

  private final DatagramChannel channel;
  private final SyslogSink sink;
  private final Thread reader;
  private volatile boolean closing;

  SyslogUdpListener(String host, int port, IngestService ingest, TenantDirectory directory, TenantId tenant)
      throws IOException {
    this.channel = DatagramChannel.open();
    channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.bind(new InetSocketAddress(host, port));
    this.sink = new SyslogSink(ingest, directory, tenant, "udp " + host + ":" + port);
    this.reader = new Thread(this::read, "syslog-udp");
    reader.setDaemon(true);
    reader.start();
  }

  int port() throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private void read() {
    ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
    while (!closing) {
      try {
        channel.configureBlocking(true);
        SocketAddress from = channel.receive(buf);
        channel.configureBlocking(false);
        while (from != null) {
          add(buf);
          if (sink.full()) {
            break;
          }
          from = channel.receive(buf);
        }
        sink.flush();
      } catch (AsynchronousCloseException e) {
        break;
      } catch (IOException e) {
        if (!closing) {
          LOG.warning("syslog udp: " + e);
        }
      }
    }
    sink.flush();
  }

  /** The datagram's lines, each a message. */
  private void add(ByteBuffer buf) {
    buf.flip();
    byte[] b = buf.array();
    int end = buf.limit();
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || b[i] == '\n') {
        int stop = i > start && b[i - 1] == '\r' ? i - 1 : i;
        if (stop > start) {
          sink.add(b, start, stop - start);
        }
        start = i + 1;
      }
    }
    buf.clear();
  }

  @Override
  public void close() throws Exception {
    closing = true;
    channel.close();
    reader.join(30_000);
  }
}
