package io.tributary.frame;

/**
 * What a frame's payload holds once decompressed: a request body as the client sent it (read
 * again in processing exactly as ingest read it), or only the valid items of a request, each
 * prefixed by its length.
 */
public enum PayloadLayout {
  // The codes are written into frames: never change or reuse one.
  /** An NDJSON body (one object per line). */
  NDJSON_BODY(0),
  /** A text/plain body (one log line per line). */
  TEXT_BODY(1),
  /** An application/json body: an array, {"events":[…]}, or objects one per line. */
  JSON_BODY(2),
  /** {@code length:varint bytes} items, each one JSON object. */
  JSON_ITEMS(3),
  /** {@code length:varint bytes} items, each one text line. */
  TEXT_ITEMS(4),
  /**
   * {@link EventCodec} rows, one after another: the payload of version 1 frames, which carried
   * events rather than bodies. Read, never written now.
   */
  EVENT_ROWS(5);

  private final int code;

  PayloadLayout(int code) {
    this.code = code;
  }

  /** The code written in a frame. */
  public int code() {
    return code;
  }

  static PayloadLayout ofCode(int code) {
    for (PayloadLayout l : values()) {
      if (l.code == code) {
        return l;
      }
    }
    throw new CorruptFrameException("unknown payload layout " + code);
  }
}
