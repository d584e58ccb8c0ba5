package io.tributary.ingest;

import io.tributary.http.Problem;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Undoes the Content-Encoding of a body, within the decoded-size limit. */
final class BodyDecoding {

  private BodyDecoding() {
  }

  /** Thrown with the problem to answer when a body cannot be decoded. */
  static final class Failure extends Exception {
    final transient Problem problem;

    Failure(Problem problem) {
      super(problem.detail(), null, false, false);
      this.problem = problem;
    }
  }

  static byte[] decode(String contentEncoding, byte[] body, int maxDecodedBytes) throws Failure {
    String enc = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    switch (enc) {
      case "": case "identity":
        return body;
      case "gzip": case "x-gzip":
        return gunzip(body, maxDecodedBytes);
      default:
        throw new Failure(Problem.of(415, Reasons.UNSUPPORTED_ENCODING,
            "Content-Encoding '" + contentEncoding + "' is not supported; send gzip or no encoding"));
    }
  }

  private static byte[] gunzip(byte[] body, int max) throws Failure {
    byte[] out = new byte[Math.min(Math.max(body.length * 6, 8192), max + 1)];
    int n = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 65536)) {
      while (true) {
        if (n == out.length) {
          if (out.length > max) {
            throw new Failure(Problem.of(413, Reasons.BODY_TOO_LARGE,
                "the body is larger than " + max + " bytes once decompressed; send smaller batches"));
          }
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, (long) max + 1));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (EOFException e) {
      throw new Failure(Problem.of(400, Reasons.INVALID_GZIP,
          "the gzip body ends early (truncated after " + body.length + " bytes); send the whole gzip stream"));
    } catch (ZipException e) {
      throw new Failure(Problem.of(400, Reasons.INVALID_GZIP,
          "the body is not valid gzip (" + e.getMessage() + "); compress it with gzip or drop Content-Encoding"));
    } catch (IOException e) {
      throw new Failure(Problem.of(400, Reasons.INVALID_GZIP,
          "the gzip body cannot be read (" + e.getMessage() + ")"));
    }
    if (n > max) {
      throw new Failure(Problem.of(413, Reasons.BODY_TOO_LARGE,
          "the body is larger than " + max + " bytes once decompressed; send smaller batches"));
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
