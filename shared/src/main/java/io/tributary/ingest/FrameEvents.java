package io.tributary.ingest;

import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.Frame;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;

/**
 * Turns a frame back into its events, reading its payload with the same decoder ingest judged
 * it with, so every event gets the id and fields it would have had at ingest.
 */
public final class FrameEvents {

  private FrameEvents() {
  }

  /** The events of {@code frame}; throws {@link CorruptFrameException} when it is not a readable frame. */
  public static DecodedFrame decode(byte[] frame) {
    Frame f = FrameCodec.read(frame);
    FrameHeader h = f.header();
    EventDecoder d = new EventDecoder(EventDecoder.Mode.REPLAY, null, h.tenant(),
        new EventDefaults(h.service(), h.host(), h.severity()), h.ingestedNanos(), new long[] {h.idHi(), h.idLo()},
        h.firstSeq(), h.skip());
    byte[] p = f.payload();
    try {
      switch (h.layout()) {
        case NDJSON_BODY:
          d.decode(BodyFormat.NDJSON, p);
          break;
        case TEXT_BODY:
          d.decode(BodyFormat.TEXT, p);
          break;
        case JSON_BODY:
          d.decode(BodyFormat.JSON, p);
          break;
        case JSON_ITEMS:
          d.decodeItems(p, 0, p.length, true);
          break;
        case TEXT_ITEMS:
          d.decodeItems(p, 0, p.length, false);
          break;
        default:
          throw new CorruptFrameException("unknown layout " + h.layout());
      }
    } catch (BodyDecoding.Failure e) {
      throw new CorruptFrameException("frame payload does not read: " + e.getMessage());
    }
    return new DecodedFrame(h.tenant(), h.ingestedNanos(), d.events, d.corrupt, h.idHi(), h.idLo(), h.firstSeq());
  }
}
