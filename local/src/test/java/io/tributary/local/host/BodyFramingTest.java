package io.tributary.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.tributary.http.Problem;
import org.junit.jupiter.api.Test;

/** Only Content-Length or chunked alone frame a body; every other Transfer-Encoding is refused with its reason. */
class BodyFramingTest {

  private static HttpHeaders te(String... values) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (String v : values) {
      h.add("Transfer-Encoding", v);
    }
    return h;
  }

  private static String code(HttpVersion v, HttpHeaders h) {
    Problem p = BodyFraming.check(v, h);
    return p == null ? null : p.status() + " " + p.code();
  }

  @Test
  void contentLengthOrChunkedAlonePass() {
    assertNull(code(HttpVersion.HTTP_1_1, new DefaultHttpHeaders().add("Content-Length", "5")));
    assertNull(code(HttpVersion.HTTP_1_1, te("chunked")));
    assertNull(code(HttpVersion.HTTP_1_1, te("Chunked")));
    assertNull(code(HttpVersion.HTTP_1_1, new DefaultHttpHeaders()));
  }

  @Test
  void aCodingOtherThanChunkedIsRefused() {
    assertEquals("400 invalid_transfer_encoding", code(HttpVersion.HTTP_1_1, te("gzip")));
    assertEquals("400 invalid_transfer_encoding", code(HttpVersion.HTTP_1_1, te("identity")));
    assertEquals("400 invalid_transfer_encoding", code(HttpVersion.HTTP_1_1, te("chunked, gzip")));
    assertEquals("400 invalid_transfer_encoding", code(HttpVersion.HTTP_1_1, te("chunked", "chunked")));
    assertEquals("400 invalid_transfer_encoding", code(HttpVersion.HTTP_1_1, te("")));
    assertEquals("501 unsupported_transfer_encoding", code(HttpVersion.HTTP_1_1, te("gzip, chunked")));
    assertEquals("501 unsupported_transfer_encoding", code(HttpVersion.HTTP_1_1, te("gzip", "chunked")));
  }

  @Test
  void lengthAndTransferEncodingTogetherOrInHttp10AreRefused() {
    assertEquals("400 conflicting_body_length",
        code(HttpVersion.HTTP_1_1, te("chunked").add("Content-Length", "0")));
    assertEquals("400 invalid_transfer_encoding", code(HttpVersion.HTTP_1_0, te("chunked")));
  }
}
