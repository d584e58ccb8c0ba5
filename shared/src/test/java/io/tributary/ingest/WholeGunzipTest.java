package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testing.Loghub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link WholeGunzip} against the JDK's gzip (zlib): every body zlib's own encoder makes, at every
 * level and strategy, with flushes and header fields, decodes to the same bytes; and it never takes
 * a body the JDK would refuse or read differently: thousands of bodies broken by a few byte edits
 * are either left to the JDK ("not sure", -1) or decode to exactly what the JDK reads.
 */
class WholeGunzipTest {

  private static final int[] STRATEGIES = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};

  @Test
  void everyLevelAndStrategyOfZlibDecodesToTheSameBytes() {
    int bodies = 0;
    for (byte[] raw : loghubBodies()) {
      for (int level = 0; level <= 9; level++) {
        for (int strategy : STRATEGIES) {
          byte[] gz = gzip(raw, level, strategy, 0, 0);
          assertDecodes(raw, gz, "level " + level + " strategy " + strategy);
          bodies++;
        }
      }
    }
    assertTrue(bodies >= 8 * 10 * 3, "every system, level and strategy: " + bodies);
  }

  /**
   * Encoders other than zlib's deflate, as shippers and tools compress (GNU gzip, pigz with
   * zopfli, libdeflate up to its level 12, Python, Node; resources/gzip-encoders/README.md): each
   * body decodes through the fast path to the same bytes.
   */
  @Test
  void otherEncodersBodiesDecodeThroughTheFastPath() throws IOException {
    byte[] raw = resource("body.ndjson");
    List<String> files = List.of("gnu-gzip-1.gz", "gnu-gzip-6.gz", "gnu-gzip-9.gz", "gnu-gzip-9-with-name.gz",
        "pigz-1.gz", "pigz-6.gz", "pigz-9.gz", "pigz-11-zopfli.gz", "libdeflate-1.gz", "libdeflate-6.gz",
        "libdeflate-9.gz", "libdeflate-12.gz", "python-5.gz", "node-3.gz");
    for (String file : files) {
      assertDecodes(raw, resource(file), file);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = WholeGunzipTest.class.getResourceAsStream("/gzip-encoders/" + name)) {
      assertTrue(in != null, "test resource gzip-encoders/" + name);
      return in.readAllBytes();
    }
  }

  @Test
  void flushesMidStreamMakeEmptyStoredBlocksAndNewBlocksThatDecodeToo() {
    for (byte[] raw : loghubBodies()) {
      assertDecodes(raw, gzip(raw, 1, Deflater.DEFAULT_STRATEGY, Deflater.SYNC_FLUSH, 997), "sync flushes");
      assertDecodes(raw, gzip(raw, 6, Deflater.DEFAULT_STRATEGY, Deflater.FULL_FLUSH, 4096), "full flushes");
      byte[] head = Arrays.copyOf(raw, Math.min(raw.length, 3000));
      assertDecodes(head, gzip(head, 9, Deflater.FILTERED, Deflater.SYNC_FLUSH, 1), "a flush after every byte");
    }
  }

  @Test
  void smallBinaryAndRepetitiveBodiesDecode() {
    Random r = new Random(11);
    for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 63, 258, 259, 1000, 65_535, 65_536, 70_000, 300_000}) {
      byte[] random = new byte[n];
      r.nextBytes(random);
      byte[] runs = new byte[n];
      for (int i = 0; i < n; i++) {
        runs[i] = (byte) (i / 300 % 3); // long runs: distance 1 and lengths of 258
      }
      byte[] periodic = new byte[n];
      for (int i = 0; i < n; i++) {
        periodic[i] = (byte) "abcde".charAt(i % 5); // matches that overlap themselves
      }
      for (byte[] raw : List.of(random, runs, periodic)) {
        for (int level : new int[] {0, 1, 6, 9}) {
          assertDecodes(raw, gzip(raw, level, Deflater.DEFAULT_STRATEGY, 0, 0), n + " bytes, level " + level);
        }
      }
    }
  }

  @Test
  void headerFieldsAreSkipped() {
    byte[] raw = loghubBodies().get(0);
    byte[] plain = gzip(raw, 1, Deflater.DEFAULT_STRATEGY, 0, 0);
    byte[] deflated = Arrays.copyOfRange(plain, 10, plain.length);
    // FTEXT, FEXTRA (two subfields' worth), FNAME and FCOMMENT, as the JDK reads them.
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x01 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3}, 0, 10);
    b.write(new byte[] {6, 0, 'a', 'b', 2, 0, 'x', 'y'}, 0, 8);
    b.writeBytes("app.log\0".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes("shipped by a test\0".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(deflated);
    assertDecodes(raw, b.toByteArray(), "header fields");
  }

  @Test
  void bodiesThatAreNotExactlyOneMemberAreLeftToTheJdk() {
    byte[] raw = loghubBodies().get(1);
    byte[] gz = gzip(raw, 1, Deflater.DEFAULT_STRATEGY, 0, 0);
    byte[] twice = concat(gz, gz);
    assertEquals(-1, WholeGunzip.decode(twice, new byte[raw.length]), "two members");
    assertEquals(-1, WholeGunzip.decode(concat(gz, new byte[] {0}), new byte[raw.length]), "a byte after the trailer");
    assertEquals(-1, WholeGunzip.decode(Arrays.copyOf(gz, gz.length - 1), new byte[raw.length]), "truncated");
    byte[] headerCrc = gz.clone();
    headerCrc[3] |= 0x02;
    assertEquals(-1, WholeGunzip.decode(headerCrc, new byte[raw.length]), "FHCRC");
    byte[] reserved = gz.clone();
    reserved[3] |= 0x20;
    assertEquals(-1, WholeGunzip.decode(reserved, new byte[raw.length]), "a reserved flag");
    byte[] badCrc = gz.clone();
    badCrc[gz.length - 8] ^= 1;
    assertEquals(-1, WholeGunzip.decode(badCrc, new byte[raw.length]), "a CRC-32 that does not match");
    assertEquals(-1, WholeGunzip.decode(gz, new byte[raw.length - 1]), "a buffer too small for the data");
    assertEquals(-1, WholeGunzip.decode(gz, new byte[raw.length + 1]), "a buffer larger than the trailer's size");
  }

  /**
   * Soundness: a body broken by one to three byte edits (anywhere: header, Huffman tables, data,
   * trailer) is either left to the JDK or decodes to exactly the bytes the JDK reads from it.
   */
  @Test
  void brokenBodiesAreLeftToTheJdkOrReadAsTheJdkReadsThem() {
    Random r = new Random(19);
    int taken = 0;
    int left = 0;
    List<byte[]> raws = loghubBodies();
    List<byte[]> bodies = new ArrayList<>();
    for (byte[] raw : raws) {
      for (int level : new int[] {1, 6, 9}) {
        for (int strategy : STRATEGIES) {
          bodies.add(gzip(raw, level, strategy, 0, 0));
        }
      }
    }
    for (int i = 0; i < 4000; i++) {
      byte[] raw = raws.get(i % bodies.size() / 9);
      byte[] broken = bodies.get(i % bodies.size()).clone();
      int edits = 1 + r.nextInt(3);
      for (int e = 0; e < edits; e++) {
        // Some edits in the header (flags, time, OS byte), most where the tables and early data
        // are, the rest anywhere (the trailer too).
        int where = r.nextInt(8);
        int at = where == 0 ? 3 + r.nextInt(7)
            : where < 5 ? 10 + r.nextInt(Math.min(200, broken.length - 10)) : r.nextInt(broken.length);
        broken[at] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : (byte) (broken[at] ^ (1 << r.nextInt(8)));
      }
      long size = BodyDecoding.decodedSizeHint("gzip", broken);
      byte[] out = new byte[(int) Math.min(Math.max(size, 0), 4 * raw.length)];
      int n = WholeGunzip.decode(broken, out);
      if (n < 0) {
        left++;
        continue;
      }
      taken++;
      byte[] jdk = jdkGunzip(broken);
      assertTrue(jdk != null, "the JDK refuses a body the fast path took, edit " + i);
      assertArrayEquals(jdk, Arrays.copyOf(out, n), "edit " + i);
    }
    // Most edits break the body (CRC-32, codes); an edit of the header's time or OS byte does not.
    assertTrue(left > 2000 && taken > 100, "taken " + taken + ", left to the JDK " + left);
  }

  private static void assertDecodes(byte[] raw, byte[] gz, String what) {
    assertArrayEquals(raw, jdkGunzip(gz), "the JDK reads it (" + what + ")");
    byte[] out = new byte[raw.length];
    assertEquals(raw.length, WholeGunzip.decode(gz, out), what);
    assertArrayEquals(raw, out, what);
  }

  /** Loghub lines as shippers send them: a body of each system's lines, some 30-250 KB. */
  private static List<byte[]> loghubBodies() {
    List<byte[]> out = new ArrayList<>();
    for (String system : Loghub.SYSTEMS) {
      StringBuilder b = new StringBuilder();
      for (String line : Loghub.lines(system)) {
        b.append("{\"message\":\"").append(line.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\"service\":\"")
            .append(system).append("\"}\n");
      }
      out.add(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** gzip by zlib (the JDK's Deflater), with a flush every {@code flushEvery} bytes when {@code flush} is set. */
  static byte[] gzip(byte[] raw, int level, int strategy, int flush, int flushEvery) {
    Deflater d = new Deflater(level, true);
    d.setStrategy(strategy);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, 10);
    byte[] buf = new byte[8192];
    int step = flush != 0 ? flushEvery : raw.length;
    for (int at = 0; at < raw.length || at == 0; at += Math.max(step, 1)) {
      d.setInput(raw, at, Math.min(Math.max(step, 1), raw.length - at));
      boolean last = at + step >= raw.length;
      if (last) {
        d.finish();
        while (!d.finished()) {
          out.write(buf, 0, d.deflate(buf));
        }
        break;
      }
      int n;
      // (A call right after the strategy is set may only apply it and take no input.)
      while ((n = d.deflate(buf, 0, buf.length, flush)) > 0 || !d.needsInput()) {
        out.write(buf, 0, n);
      }
    }
    d.end();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(raw);
    long c = crc.getValue();
    int size = raw.length;
    out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24), (byte) size,
        (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)}, 0, 8);
    return out.toByteArray();
  }

  /** What the JDK reads from a gzip body, or null when it refuses it. */
  static byte[] jdkGunzip(byte[] gz) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
