package io.tributary.local.host;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.tributary.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the host can tell where a request's body ends without guessing (RFC 9112 §6): a body is
 * framed by Content-Length, or by {@code Transfer-Encoding: chunked} alone. Anything else is
 * refused and the connection closed, since a server and a proxy in front of it that guess
 * differently would read the rest of the body as another request (request smuggling).
 */
final class BodyFraming {

  private static final String CHUNKED = "chunked";

  private BodyFraming() {
  }

  /** The problem to answer, or null when the framing is sound. */
  static Problem check(HttpVersion version, HttpHeaders headers) {
    List<String> values = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (values.isEmpty()) {
      return null;
    }
    if (version.majorVersion() == 1 && version.minorVersion() == 0) {
      return Problem.of(400, HostReasons.INVALID_TRANSFER_ENCODING,
          "Transfer-Encoding is not part of HTTP/1.0; send the body with a Content-Length, or use HTTP/1.1");
    }
    if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return Problem.of(400, HostReasons.CONFLICTING_BODY_LENGTH,
          "the request has both Content-Length and Transfer-Encoding; send only one of them");
    }
    List<String> codings = new ArrayList<>();
    for (String v : values) {
      for (String c : v.split(",")) {
        String coding = c.trim().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty()) {
          codings.add(coding);
        }
      }
    }
    if (codings.isEmpty() || !codings.get(codings.size() - 1).equals(CHUNKED)) {
      return Problem.of(400, HostReasons.INVALID_TRANSFER_ENCODING, "Transfer-Encoding " + codings
          + " does not end with chunked, so the body's end cannot be known; send 'Transfer-Encoding: chunked'"
          + " or a Content-Length");
    }
    if (codings.indexOf(CHUNKED) != codings.size() - 1) {
      return Problem.of(400, HostReasons.INVALID_TRANSFER_ENCODING,
          "chunked may be applied once; send 'Transfer-Encoding: chunked'");
    }
    if (codings.size() > 1) {
      return Problem.of(501, HostReasons.UNSUPPORTED_TRANSFER_ENCODING, "transfer codings " + codings
          .subList(0, codings.size() - 1) + " are not supported; send 'Transfer-Encoding: chunked' alone, and"
          + " compress with Content-Encoding: gzip or zstd instead");
    }
    return null;
  }
}
