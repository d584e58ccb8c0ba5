package io.tributary.ingest.loki;

import io.tributary.http.Problem;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.Reasons;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Undoes the snappy block compression of a Loki protobuf body (snappy's raw block format, not its
 * framing format, as Loki reads it), within the decoded-size and expansion limits: the size
 * written in the block's header is checked before anything is decompressed.
 */
final class SnappyBlock {

  private SnappyBlock() {
  }

  static byte[] decode(byte[] b, IngestLimits limits) throws BodyRefusal {
    int n;
    try {
      if (!Snappy.isValidCompressedBuffer(b, 0, b.length)) {
        throw notSnappy("it is not a snappy block");
      }
      n = Snappy.uncompressedLength(b, 0, b.length);
    } catch (IOException | RuntimeException e) {
      throw notSnappy(e.getMessage());
    }
    long byRatio = Math.max(IngestLimits.EXPANSION_CHECKED_ABOVE_BYTES, (long) limits.maxExpansion() * b.length);
    if (n > limits.maxDecodedBytes()) {
      throw new BodyRefusal(Problem.of(413, Reasons.BODY_TOO_LARGE, "the body is " + n
          + " bytes once decompressed; the limit is " + limits.maxDecodedBytes() + ": send smaller batches"));
    }
    if (n > byRatio) {
      throw new BodyRefusal(Problem.of(413, Reasons.EXPANSION_TOO_LARGE, "the snappy body of " + b.length
          + " bytes grows to " + n + " bytes, more than " + limits.maxExpansion()
          + " times, which is refused as a decompression bomb; send such repetitive logs in smaller batches"));
    }
    byte[] out = new byte[n];
    try {
      int got = Snappy.uncompress(b, 0, b.length, out, 0);
      if (got != n) {
        throw notSnappy("it holds " + got + " bytes, not the " + n + " its header says");
      }
    } catch (IOException | RuntimeException e) {
      throw notSnappy(e.getMessage());
    }
    return out;
  }

  private static BodyRefusal notSnappy(String why) {
    return BodyRefusal.badRequest(Reasons.INVALID_SNAPPY, "the body does not decompress as snappy (" + why
        + "): Loki's protobuf push is a PushRequest compressed with snappy's block format (not its framing"
        + " format); no entry of this request was accepted");
  }
}
