package io.tributary.ingest;

import io.tributary.frame.PayloadCodec;
import io.tributary.http.Problem;
import java.util.Locale;

/** The Content-Encodings ingest reads. */
enum Encoding {
  IDENTITY(PayloadCodec.NONE), GZIP(PayloadCodec.GZIP), ZSTD(PayloadCodec.ZSTD);

  private final PayloadCodec codec;

  Encoding(PayloadCodec codec) {
    this.codec = codec;
  }

  PayloadCodec codec() {
    return codec;
  }

  static Encoding of(String contentEncoding) throws BodyRefusal {
    String enc = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    switch (enc) {
      case "": case "identity":
        return IDENTITY;
      case "gzip": case "x-gzip":
        return GZIP;
      case "zstd":
        return ZSTD;
      default:
        throw new BodyRefusal(Problem.of(415, Reasons.UNSUPPORTED_ENCODING,
            "Content-Encoding '" + contentEncoding + "' is not supported; send gzip, zstd or no encoding"));
    }
  }
}
