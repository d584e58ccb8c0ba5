package io.tributary.loadtest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, sending prepared requests and reading status and
 * body. Minimal on purpose: the load generator must spend its CPU sending, not parsing.
 */
final class RawHttpConnection implements AutoCloseable {

  /**
   * A response: status code, body, the Retry-After header when there was one, whether the server
   * closed the connection after it (as it does when it answers before reading the body), and the
   * Server-Timing header ("" without one).
   */
  record Response(int status, byte[] body, int retryAfterSeconds, boolean closed, String serverTiming) {
  }

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  RawHttpConnection(String host, int port) {
    if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
      throw new IllegalArgumentException("load goes to 127.0.0.1 only, not " + host);
    }
    this.host = host;
    this.port = port;
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSendBufferSize(1 << 20);
    socket.setReceiveBufferSize(1 << 16);
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(120_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16384);
  }

  /** Request head without Content-Length; the body length is appended per call. */
  static byte[] head(String method, String pathAndQuery, String... headers) {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  Response send(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(head);
      out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Response read() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    int retryAfter = 0;
    boolean close = false;
    String timing = "";
    String h;
    while (!(h = line()).isEmpty()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
        close = true;
      } else if (name.equalsIgnoreCase("retry-after")) {
        retryAfter = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("server-timing")) {
        timing = value;
      }
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException("response body cut short");
    }
    if (close) {
      close();
    }
    return new Response(code, body, retryAfter, close, timing);
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
