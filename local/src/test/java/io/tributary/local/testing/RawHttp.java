package io.tributary.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a client library would not send: bytes go out exactly as
 * given, and responses are read one at a time, so framing, pipelining and timeouts can be tested.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** One response as read off the wire; header names lower-cased. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() throws IOException {
      return Json.mapper().readTree(body);
    }

    /** The {@code code} of a problem+json body. */
    public String code() throws IOException {
      return json().path("code").asText();
    }
  }

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawHttp open(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    return new RawHttp(s);
  }

  /** Opened with a small send buffer, so that a write blocks soon once the server stops reading. */
  public static RawHttp openWithSmallSendBuffer(int port) throws IOException {
    Socket s = new Socket();
    s.setSendBufferSize(64 << 10);
    s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    return new RawHttp(s);
  }

  public RawHttp send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one response (its body by Content-Length). */
  public Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("the connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
    }
    return new Response(status, headers, body);
  }

  /**
   * True when the server closes (end of stream or reset) within {@code within} without sending
   * anything more; false when it is still open then. Bytes instead of the end are an error.
   */
  public boolean closedWithin(Duration within) throws IOException {
    socket.setSoTimeout((int) Math.max(1, within.toMillis()));
    try {
      int b = in.read();
      if (b >= 0) {
        throw new IOException("expected the connection to close, but read byte " + b);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    } finally {
      socket.setSoTimeout(15_000);
    }
  }

  /**
   * Writes {@code total} bytes of {@code fill} in 64 KiB pieces until done or a write fails;
   * returns how many were written.
   */
  public long writeUntilRefused(long total, byte fill) {
    byte[] piece = new byte[64 << 10];
    java.util.Arrays.fill(piece, fill);
    long written = 0;
    try {
      while (written < total) {
        int n = (int) Math.min(piece.length, total - written);
        out.write(piece, 0, n);
        written += n;
      }
      out.flush();
    } catch (IOException e) {
      // The server closed the connection: what was written by then is the answer.
    }
    return written;
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
