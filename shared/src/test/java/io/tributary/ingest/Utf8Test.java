package io.tributary.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte scans that let ingest skip checks: they may only skip what cannot fail. */
class Utf8Test {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long scan(String s) {
    byte[] x = b(s);
    return Utf8.scanLine(x, 0, x.length);
  }

  private static boolean plain(String s) {
    byte[] x = b(s);
    return Utf8.isPlainJson(x, 0, x.length);
  }

  private static int end(long scan) {
    return (int) scan;
  }

  private static int flags(long scan) {
    return (int) (scan >>> 32);
  }

  @Test
  void aLineScanFindsTheLineEndAndWhatTheChecksMustLookAt() {
    byte[] x = b("{\"message\":\"plain ascii text, long enough for words\"}\n{\"next\":1}");
    long s = Utf8.scanLine(x, 0, x.length);
    assertEquals(x.length - 11, end(s));
    assertEquals(0, flags(s));
    assertEquals(x.length, end(Utf8.scanLine(x, end(s) + 1, x.length)));
    assertEquals(Utf8.NOT_ASCII, flags(scan("0123456789\u00e9abcdefgh")));
    assertEquals(Utf8.NUL, flags(scan("0123456789\u0000abcdefgh")));
    assertEquals(Utf8.SURROGATE_ESCAPE, flags(scan("{\"m\":\"x\\uD83Dy\"}  padding")));
    assertEquals(Utf8.SURROGATE_ESCAPE, flags(scan("{\"m\":\"x\\udfffy\"}  padding")));
    assertEquals(0, flags(scan("{\"m\":\"x\\u00e9\\\\ud800\"}   ")), "an escaped backslash, then text");
    assertEquals(Utf8.NUL, flags(scan("abc\\\u0000def")), "a NUL after a backslash");
    assertEquals(8, end(scan("abcdefg\\\nxyz")), "a backslash never hides the line end");
  }

  @Test
  void aLineScanAgreesWithAByteByByteOneOnRandomInput() {
    Random r = new Random(11);
    byte[] alphabet = b("ab{}\"\\u\nD8dfF9\u0000\u00e9 ");
    for (int t = 0; t < 20_000; t++) {
      byte[] x = new byte[r.nextInt(40)];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
      }
      int from = x.length == 0 ? 0 : r.nextInt(x.length);
      long s = Utf8.scanLine(x, from, x.length);
      assertEquals(reference(x, from, x.length), s, () -> java.util.Arrays.toString(x));
      int end = end(s);
      for (int i = from; i < end; i++) {
        assertTrue(x[i] != '\n');
        assertTrue(x[i] >= 0 || (flags(s) & Utf8.NOT_ASCII) != 0, "every byte past ASCII is seen");
        assertTrue(x[i] != 0 || (flags(s) & Utf8.NUL) != 0, "every NUL is seen");
      }
      assertTrue(end == x.length || x[end] == '\n');
      boolean plain = Utf8.isPlainJson(x, from, x.length);
      if (plain) {
        for (int i = from; i < x.length; i++) {
          assertTrue(x[i] >= 0, "a plain body is ASCII");
        }
      }
    }
  }

  @Test
  void aPlainBodyIsAsciiWithoutSurrogateEscapes() {
    assertTrue(plain("{\"message\":\"a \\\"quoted\\\" \\u00e9 \\\\ud800 text\"}"));
    assertFalse(plain("{\"message\":\"\\ud800\"}"));
    assertFalse(plain("{\"message\":\"\u00e9\"}"));
  }

  /** The scan byte by byte: what the word-at-a-time scan must equal. */
  private static long reference(byte[] b, int from, int to) {
    int flags = 0;
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c == '\n') {
        break;
      } else if (c < 0) {
        flags |= Utf8.NOT_ASCII;
      } else if (c == 0) {
        flags |= Utf8.NUL;
      } else if (c == '\\' && i + 1 < to) {
        int next = b[i + 1];
        if (next == '\n') {
          i++;
          continue;
        }
        if (next < 0) {
          flags |= Utf8.NOT_ASCII;
        } else if (next == 0) {
          flags |= Utf8.NUL;
        } else if (next == 'u' && i + 3 < to && (b[i + 2] | 0x20) == 'd'
            && "89abcdefABCDEF".indexOf(b[i + 3]) >= 0) {
          flags |= Utf8.SURROGATE_ESCAPE;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return ((long) flags << 32) | i;
  }

  @Test
  void theNewlineSearchFindsTheFirstLfWhereverItIsAndWhateverSurroundsIt() {
    Random r = new Random(7);
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] x = new byte[r.nextInt(40)];
      for (int i = 0; i < x.length; i++) {
        // Bytes around 0x0A and 0x0B, high bytes and zeros: what a borrow in the word test could confuse.
        int pick = r.nextInt(8);
        x[i] = (byte) (pick == 0 ? 0x0B : pick == 1 ? 0x09 : pick == 2 ? 0 : pick == 3 ? 0x8A : pick == 4 && r.nextInt(6) == 0
            ? '\n' : 0x20 + r.nextInt(0x60));
      }
      int from = x.length == 0 ? 0 : r.nextInt(x.length + 1);
      int to = from + (x.length == from ? 0 : r.nextInt(x.length - from + 1));
      int expected = from;
      while (expected < to && x[expected] != '\n') {
        expected++;
      }
      assertEquals(expected, Utf8.indexOfNewline(x, from, to), () -> java.util.Arrays.toString(x));
    }
  }
}
