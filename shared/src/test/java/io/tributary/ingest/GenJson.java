package io.tributary.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A JSON value as the ingest property tests generate it, and its rendering to bytes with the
 * liberties JSON allows (escapes, whitespace) and a few it does not (lone surrogates, as escapes
 * or as CESU-8 bytes; raw snippets of broken JSON). Rendering choices come from a seed, so a
 * value renders the same way every time.
 */
public sealed interface GenJson {

  /** A string; may hold lone surrogates. */
  record Str(String value) implements GenJson {
  }

  /** A number, as its literal text. */
  record Num(String text) implements GenJson {
  }

  record Bool(boolean value) implements GenJson {
  }

  record Null() implements GenJson {
  }

  record Arr(List<GenJson> items) implements GenJson {
  }

  /** An object; keys may repeat. */
  record Obj(List<Field> fields) implements GenJson {
  }

  record Field(String key, GenJson value) {
  }

  /** Text written as it is: broken JSON, or anything else on purpose. */
  record Raw(String text) implements GenJson {
  }

  /** A growable byte buffer (ByteArrayOutputStream without its locks: the generator writes byte by byte). */
  final class Bytes {
    private byte[] buf = new byte[256];
    private int size;

    public void write(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, size * 2);
      }
      buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] b) {
      if (size + b.length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size * 2, size + b.length));
      }
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** Writes JSON text as bytes. {@code newlines} allows line breaks between tokens (never inside an NDJSON line). */
  final class Writer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final Bytes out;
    private final Random r;
    private final boolean newlines;
    private boolean ascii;

    public Writer(Bytes out, long seed, boolean newlines) {
      this.out = out;
      this.r = new Random(seed);
      this.newlines = newlines;
    }

    /** Writes every character past ASCII as 'x': a plain body, which ingest judges on its fast path. */
    public Writer ascii(boolean on) {
      this.ascii = on;
      return this;
    }

    public void value(GenJson v) {
      space();
      if (v instanceof Str s) {
        string(s.value());
      } else if (v instanceof Num n) {
        ascii(n.text());
      } else if (v instanceof Bool b) {
        ascii(b.value() ? "true" : "false");
      } else if (v instanceof Null) {
        ascii("null");
      } else if (v instanceof Raw raw) {
        text(raw.text());
      } else if (v instanceof Arr a) {
        out.write('[');
        for (int i = 0; i < a.items().size(); i++) {
          if (i > 0) {
            space();
            out.write(',');
          }
          value(a.items().get(i));
        }
        space();
        out.write(']');
      } else if (v instanceof Obj o) {
        out.write('{');
        for (int i = 0; i < o.fields().size(); i++) {
          if (i > 0) {
            space();
            out.write(',');
          }
          space();
          string(o.fields().get(i).key());
          space();
          out.write(':');
          value(o.fields().get(i).value());
        }
        space();
        out.write('}');
      }
    }

    private void space() {
      int k = r.nextInt(12);
      if (k == 0) {
        out.write(' ');
      } else if (k == 1) {
        out.write('\t');
      } else if (k == 2 && newlines) {
        out.write(r.nextBoolean() ? '\n' : '\r');
        out.write('\n');
      }
    }

    private void ascii(String s) {
      for (int i = 0; i < s.length(); i++) {
        out.write(s.charAt(i));
      }
    }

    /** UTF-8, with a lone surrogate written as the three bytes of its code point (CESU-8, not UTF-8). */
    public void text(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          codePoint(Character.toCodePoint(c, s.charAt(++i)));
        } else {
          codePoint(c);
        }
      }
    }

    private void codePoint(int cp) {
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | (cp >> 6));
        out.write(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out.write(0xE0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xF0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      }
    }

    private void string(String s) {
      out.write('"');
      // One string in four has characters escaped that need not be; the rest only what must be.
      boolean sprinkle = r.nextInt(4) == 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (ascii && c >= 0x80) {
          out.write('x');
        } else if (c == '"' || c == '\\' || c < 0x20 || sprinkle && r.nextInt(16) == 0) {
          escape(c);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          if (r.nextInt(8) == 0) {
            escape(c);
            escape(s.charAt(++i));
          } else {
            codePoint(Character.toCodePoint(c, s.charAt(++i)));
          }
        } else if (Character.isSurrogate(c) && r.nextBoolean()) {
          escape(c);
        } else if (c < 0x80) {
          out.write(c);
        } else {
          codePoint(c);
        }
      }
      out.write('"');
    }

    private void escape(char c) {
      String shortForm = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> r.nextBoolean() ? "\\\\" : "\\u005c";
        case '\n' -> "\\n";
        case '\t' -> "\\t";
        case '\r' -> "\\r";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        case '/' -> "\\/";
        default -> null;
      };
      if (shortForm != null && r.nextBoolean()) {
        ascii(shortForm);
        return;
      }
      boolean upper = r.nextBoolean();
      out.write('\\');
      out.write('u');
      for (int shift = 12; shift >= 0; shift -= 4) {
        char h = HEX[(c >> shift) & 0xF];
        out.write(upper ? Character.toUpperCase(h) : h);
      }
    }
  }
}
