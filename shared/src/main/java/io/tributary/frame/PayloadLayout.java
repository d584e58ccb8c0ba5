package io.tributary.frame;

/**
 * What a frame's payload holds once decompressed: a request body as the client sent it (read
 * again in processing exactly as ingest read it), or only the valid items of a request, each
 * prefixed by its length.
 */
public enum PayloadLayout {
  /** An NDJSON body (one object per line). */
  NDJSON_BODY,
  /** A text/plain body (one log line per line). */
  TEXT_BODY,
  /** An application/json body: an array, {"events":[…]}, or objects one per line. */
  JSON_BODY,
  /** {@code length:varint bytes} items, each one JSON object. */
  JSON_ITEMS,
  /** {@code length:varint bytes} items, each one text line. */
  TEXT_ITEMS;

  private static final PayloadLayout[] VALUES = values();

  static PayloadLayout ofOrdinal(int i) {
    if (i < 0 || i >= VALUES.length) {
      throw new CorruptFrameException("unknown payload layout " + i);
    }
    return VALUES[i];
  }
}
