package io.tributary.frame;

/**
 * The items an items frame carries, each standing alone (readable without the rest of its
 * request), in order: what {@link FrameCodec#encodeItems(FrameHeader, FrameItems)} packs. A
 * format whose items are byte ranges of the body uses {@link #ranges}; one whose items need their
 * context (an OTLP record its resource and scope) writes each one out.
 */
public interface FrameItems {

  /** How many items. */
  int count();

  /** The length in bytes of item {@code k}. */
  int length(int k);

  /** Writes item {@code k}'s bytes ({@link #length} of them) to {@code out}. */
  void write(int k, ByteWriter out);

  /** Items that are the {@code [start, end)} ranges ({@code 2 * count} ints) of {@code body}. */
  static FrameItems ranges(byte[] body, int[] ranges, int count) {
    return new FrameItems() {
      @Override
      public int count() {
        return count;
      }

      @Override
      public int length(int k) {
        return ranges[2 * k + 1] - ranges[2 * k];
      }

      @Override
      public void write(int k, ByteWriter out) {
        out.writeBytes(body, ranges[2 * k], ranges[2 * k + 1] - ranges[2 * k]);
      }
    };
  }

  /** Items each held as its own byte array. */
  static FrameItems of(java.util.List<byte[]> items) {
    return new FrameItems() {
      @Override
      public int count() {
        return items.size();
      }

      @Override
      public int length(int k) {
        return items.get(k).length;
      }

      @Override
      public void write(int k, ByteWriter out) {
        byte[] b = items.get(k);
        out.writeBytes(b, 0, b.length);
      }
    };
  }
}
