package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.tributary.testing.Loghub;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The decoded size a body states (gzip's trailer, zstd's frame header) sizes the buffer at once,
 * and is only a hint: a body whose statement is short, missing or false still decodes to exactly
 * its content, or is refused as invalid.
 */
class BodyDecodingTest {

  private static final byte[] LINES = (String.join("\n", Loghub.lines("HDFS")) + "\n").getBytes(StandardCharsets.UTF_8);

  @Test
  void aGzipBodyIsSizedByItsTrailerAndDecodesExactly() throws Exception {
    byte[] gz = gzip(LINES);
    assertEquals(LINES.length, BodyDecoding.decodedSizeHint("gzip", gz));
    assertArrayEquals(LINES, BodyDecoding.decode(Encoding.GZIP, gz, IngestLimits.defaults()));
  }

  @Test
  void aGzipBodyOfTwoMembersDecodesWholeThoughItsTrailerNamesOnlyTheLast() throws Exception {
    int half = LINES.length / 2;
    byte[] first = gzip(Arrays.copyOfRange(LINES, 0, half));
    byte[] second = gzip(Arrays.copyOfRange(LINES, half, LINES.length));
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    assertEquals(LINES.length - half, BodyDecoding.decodedSizeHint("gzip", both));
    assertArrayEquals(LINES, BodyDecoding.decode(Encoding.GZIP, both, IngestLimits.defaults()));
  }

  @Test
  void aGzipTrailerThatClaimsMoreThanTheBodyHoldsIsRefusedAsInvalidGzip() throws Exception {
    byte[] gz = gzip(LINES);
    gz[gz.length - 1] = 0x7F; // ISIZE now says about 2 GiB
    BodyRefusal r = assertThrows(BodyRefusal.class, () -> BodyDecoding.decode(Encoding.GZIP, gz, IngestLimits.defaults()));
    assertEquals(Reasons.INVALID_GZIP, r.problem().code());
  }

  @Test
  void zstdBodiesDecodeExactlyWithAndWithoutTheirContentSize() throws Exception {
    byte[] sized = Zstd.compress(LINES, 3);
    assertEquals(LINES.length, BodyDecoding.decodedSizeHint("zstd", sized));
    assertArrayEquals(LINES, BodyDecoding.decode(Encoding.ZSTD, sized, IngestLimits.defaults()));
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    try (OutputStream z = new ZstdOutputStream(streamed)) {
      z.write(LINES);
    }
    assertEquals(0, BodyDecoding.decodedSizeHint("zstd", streamed.toByteArray()));
    assertArrayEquals(LINES, BodyDecoding.decode(Encoding.ZSTD, streamed.toByteArray(), IngestLimits.defaults()));
  }

  @Test
  void aBodyThatDecodesToExactlyTheLimitIsKeptAndOneByteMoreIsRefused() throws Exception {
    IngestLimits limits = IngestLimits.defaults();
    byte[] atLimit = Arrays.copyOf(LINES, Math.min(LINES.length, 1 << 20));
    int max = atLimit.length;
    IngestLimits tight = new IngestLimits(limits.maxBodyBytes(), max, limits.maxEvents(), limits.maxEventBytes(),
        limits.maxAttributes(), limits.maxNameLength(), limits.maxNesting(), limits.maxFutureNanos(),
        limits.maxExpansion());
    assertArrayEquals(atLimit, BodyDecoding.decode(Encoding.GZIP, gzip(atLimit), tight));
    byte[] over = Arrays.copyOf(LINES, max + 1);
    BodyRefusal r = assertThrows(BodyRefusal.class, () -> BodyDecoding.decode(Encoding.GZIP, gzip(over), tight));
    assertEquals(413, r.problem().status());
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  /**
   * With the Java decoder on (the default) and off, a gzip body decodes to the
   * same bytes, and the limits refuse the same bodies with the same reasons as with zlib alone.
   */
  @Test
  void theJavaDecoderGivesTheSameBytesAndTheSameRefusals() throws Exception {
    boolean was = BodyDecoding.usesJavaGunzip();
    try {
      byte[] gz = gzip(LINES);
      IngestLimits tight = new IngestLimits(1 << 20, LINES.length - 1, 200_000, 1 << 20, 64, 128, 32, 1_000_000_000L);
      BodyDecoding.useJavaGunzip(false);
      byte[] zlib = BodyDecoding.decode(Encoding.GZIP, gz, IngestLimits.defaults());
      BodyRefusal zlibRefusal = assertThrows(BodyRefusal.class, () -> BodyDecoding.decode(Encoding.GZIP, gz, tight));
      BodyDecoding.useJavaGunzip(true);
      assertArrayEquals(zlib, BodyDecoding.decode(Encoding.GZIP, gz, IngestLimits.defaults()));
      BodyRefusal javaRefusal = assertThrows(BodyRefusal.class, () -> BodyDecoding.decode(Encoding.GZIP, gz, tight));
      assertEquals(zlibRefusal.problem(), javaRefusal.problem());
    } finally {
      BodyDecoding.useJavaGunzip(was);
    }
  }
}
