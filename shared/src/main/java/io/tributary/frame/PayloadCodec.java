package io.tributary.frame;

/** How a frame's payload is compressed: as the client sent it (gzip, zstd), or by ingest (zstd). */
public enum PayloadCodec {
  NONE, ZSTD, GZIP;

  private static final PayloadCodec[] VALUES = values();

  static PayloadCodec ofOrdinal(int i) {
    if (i < 0 || i >= VALUES.length) {
      throw new CorruptFrameException("unknown payload codec " + i);
    }
    return VALUES[i];
  }
}
