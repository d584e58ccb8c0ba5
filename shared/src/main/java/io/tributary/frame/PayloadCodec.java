package io.tributary.frame;

/** How a frame's payload is compressed: as the client sent it (gzip, zstd), or by ingest (zstd). */
public enum PayloadCodec {
  // The codes are written into frames: never change or reuse one.
  NONE(0), ZSTD(1), GZIP(2);

  private final int code;

  PayloadCodec(int code) {
    this.code = code;
  }

  /** The code written in a frame. */
  public int code() {
    return code;
  }

  static PayloadCodec ofCode(int code) {
    for (PayloadCodec c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    throw new CorruptFrameException("unknown payload codec " + code);
  }
}
