package io.tributary.ingest;

import com.github.luben.zstd.ZstdInputStream;
import io.tributary.http.Problem;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Undoes the Content-Encoding of a body, within the decoded-size and expansion limits, and stops
 * decompressing as soon as a limit is passed: a bomb costs what the limit allows, not what it
 * holds.
 */
final class BodyDecoding {

  /**
   * Whether gzip bodies go first to {@link WholeGunzip} (on: 1.2-1.3 times zlib's speed once
   * compiled) or straight to the JDK's zlib; off only in tests that compare the two paths.
   */
  private static volatile boolean javaGunzip = true;

  private BodyDecoding() {
  }

  /** Turns the Java gzip decoder on or off for this JVM (tests that compare the two paths). */
  static void useJavaGunzip(boolean on) {
    javaGunzip = on;
  }

  static boolean usesJavaGunzip() {
    return javaGunzip;
  }

  static byte[] decode(Encoding encoding, byte[] body, IngestLimits limits) throws BodyRefusal {
    switch (encoding) {
      case GZIP: {
        byte[] whole = javaGunzip ? wholeGunzip(body, limits) : null;
        return whole != null ? whole : inflate("gzip", body, limits);
      }
      case ZSTD:
        return inflate("zstd", body, limits);
      default:
        return body;
    }
  }

  /**
   * The common gzip body, one member whose trailer states a size within the limits, decoded in one
   * pass into an array of that size ({@link WholeGunzip}); null for any other, which {@link #inflate}
   * then decodes and judges as before. A body it takes is one {@code inflate} would take, with the
   * same bytes: its size is within both limits, and the CRC-32 and size match the trailer.
   */
  private static byte[] wholeGunzip(byte[] body, IngestLimits limits) {
    long size = decodedSizeHint("gzip", body);
    if (size <= 0 || size > Math.min(byRatio(body, limits), limits.maxDecodedBytes())) {
      return null;
    }
    byte[] out = new byte[(int) size];
    return WholeGunzip.decode(body, out) == size ? out : null;
  }

  private static InputStream open(String name, byte[] body) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return name.equals("gzip") ? new GZIPInputStream(in, 65536) : new ZstdInputStream(in);
  }

  /** The most a body may decode to by the expansion limit (the ratio is checked above 1 MiB). */
  private static long byRatio(byte[] body, IngestLimits limits) {
    return Math.max(IngestLimits.EXPANSION_CHECKED_ABOVE_BYTES, (long) limits.maxExpansion() * body.length);
  }

  private static byte[] inflate(String name, byte[] body, IngestLimits limits) throws BodyRefusal {
    long byRatio = byRatio(body, limits);
    boolean ratioBinds = byRatio < limits.maxDecodedBytes();
    int max = (int) Math.min(byRatio, limits.maxDecodedBytes());
    long hint = decodedSizeHint(name, body);
    byte[] out = new byte[(int) Math.min(hint > 0 ? hint : Math.max((long) body.length * 6, 8192), (long) max + 1)];
    int n = 0;
    try (InputStream in = open(name, body)) {
      while (true) {
        if (n == out.length) {
          if (out.length > max) {
            throw ratioBinds ? tooExpanded(name, body.length, limits.maxExpansion(), max) : tooLarge(max);
          }
          // Full: when the size was known it is usually exact, and one byte more tells the end
          // without growing (and copying) the body.
          int more = in.read();
          if (more < 0) {
            break;
          }
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, (long) max + 1));
          out[n++] = (byte) more;
          continue;
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (EOFException e) {
      throw new BodyRefusal(Problem.of(400, "gzip".equals(name) ? Reasons.INVALID_GZIP : Reasons.INVALID_ZSTD,
          "the " + name + " body ends early (truncated after " + body.length + " bytes); send the whole stream"));
    } catch (ZipException e) {
      throw new BodyRefusal(Problem.of(400, Reasons.INVALID_GZIP,
          "the body is not valid gzip (" + e.getMessage() + "); compress it with gzip or drop Content-Encoding"));
    } catch (IOException | RuntimeException e) {
      throw new BodyRefusal(Problem.of(400, "gzip".equals(name) ? Reasons.INVALID_GZIP : Reasons.INVALID_ZSTD,
          "the " + name + " body cannot be read (" + e.getMessage() + "); compress it with " + name
              + " or drop Content-Encoding"));
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * The decoded size the body says it has, or 0 when it says nothing: gzip's trailer (ISIZE, the
   * last member's size mod 2^32), zstd's frame header (the content size, when the encoder wrote it).
   * Only a first guess of the buffer: the caller caps it at the limit and grows or stops as the
   * stream decides, so a body that lies costs at most what the limit lets it decode anyway.
   */
  static long decodedSizeHint(String name, byte[] body) {
    if (name.equals("gzip")) {
      int n = body.length;
      if (n < 18) {
        return 0;
      }
      return (body[n - 4] & 0xFFL) | (body[n - 3] & 0xFFL) << 8 | (body[n - 2] & 0xFFL) << 16
          | (body[n - 1] & 0xFFL) << 24;
    }
    try {
      long size = com.github.luben.zstd.Zstd.getFrameContentSize(body);
      return Math.max(0, size);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static BodyRefusal tooLarge(int max) {
    return new BodyRefusal(Problem.of(413, Reasons.BODY_TOO_LARGE,
        "the body is larger than " + max + " bytes once decompressed; send smaller batches"));
  }

  private static BodyRefusal tooExpanded(String name, int sent, int ratio, int max) {
    return new BodyRefusal(Problem.of(413, Reasons.EXPANSION_TOO_LARGE,
        "the " + name + " body of " + sent + " bytes grows more than " + ratio + " times when decompressed (past "
            + max + " bytes), which is refused as a decompression bomb; send such repetitive logs in smaller"
            + " batches or uncompressed"));
  }
}
