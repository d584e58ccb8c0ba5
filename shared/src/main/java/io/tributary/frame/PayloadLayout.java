package io.tributary.frame;

import java.util.List;
import java.util.Locale;

/**
 * What a frame's payload holds once decompressed, as one code written in the frame: a request
 * body of one ingest format as the client sent it (read again in processing exactly as ingest
 * read it), or only the valid items of a request, each standing alone and prefixed by its length.
 * The code is the format's wire id: each {@code IngestFormat} declares the two it writes, and the
 * format registry maps a code back to its format. This package knows the codes of the first
 * formats (and of version 1's event rows) by name, for the golden tests and for version 1; any
 * other code is read as it is and left to the registry, which calls a code it does not know a
 * corrupt frame.
 *
 * <p>Equal when the codes are equal. Codes are never changed or reused.
 */
public final class PayloadLayout {

  // The codes are written into frames: never change or reuse one.
  /** An NDJSON body (one object per line). */
  public static final PayloadLayout NDJSON_BODY = new PayloadLayout(0, "NDJSON_BODY");
  /** A text/plain body (one log line per line). */
  public static final PayloadLayout TEXT_BODY = new PayloadLayout(1, "TEXT_BODY");
  /** An application/json body: an array, {"events":[…]}, or objects one per line. */
  public static final PayloadLayout JSON_BODY = new PayloadLayout(2, "JSON_BODY");
  /** {@code length:varint bytes} items, each one JSON object. */
  public static final PayloadLayout JSON_ITEMS = new PayloadLayout(3, "JSON_ITEMS");
  /** {@code length:varint bytes} items, each one text line. */
  public static final PayloadLayout TEXT_ITEMS = new PayloadLayout(4, "TEXT_ITEMS");
  /**
   * {@link EventCodec} rows, one after another: the payload of version 1 frames, which carried
   * events rather than bodies. Read, never written now.
   */
  public static final PayloadLayout EVENT_ROWS = new PayloadLayout(5, "EVENT_ROWS");

  private static final List<PayloadLayout> FIRST = List.of(NDJSON_BODY, TEXT_BODY, JSON_BODY, JSON_ITEMS, TEXT_ITEMS,
      EVENT_ROWS);

  private final int code;
  private final String name;

  private PayloadLayout(int code, String name) {
    this.code = code;
    this.name = name;
  }

  /**
   * A layout a format declares; {@code code} 0-255, one of the first six only with its own name.
   *
   * @throws IllegalArgumentException for a code out of range, or a first code under another name
   */
  public static PayloadLayout of(int code, String name) {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("a layout code is one byte: " + code);
    }
    for (PayloadLayout l : FIRST) {
      if (l.code == code) {
        if (!l.name.equals(name)) {
          throw new IllegalArgumentException("layout code " + code + " is " + l.name + ", not " + name);
        }
        return l;
      }
    }
    return new PayloadLayout(code, name);
  }

  /** The layouts of the first formats and of version 1, in code order. */
  public static List<PayloadLayout> values() {
    return FIRST;
  }

  /** The code written in a frame. */
  public int code() {
    return code;
  }

  /** The name the declaring format gave it ({@code LAYOUT_<code>} for a code read from a frame). */
  public String name() {
    return name;
  }

  static PayloadLayout ofCode(int code) {
    for (PayloadLayout l : FIRST) {
      if (l.code == code) {
        return l;
      }
    }
    return new PayloadLayout(code, "LAYOUT_" + code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PayloadLayout l && l.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  @Override
  public String toString() {
    return name.toLowerCase(Locale.ROOT) + "(" + code + ")";
  }
}
