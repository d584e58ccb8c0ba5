package io.tributary.ingest;

import io.tributary.event.LogEvent;
import io.tributary.frame.ByteReader;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.EventCodec;
import io.tributary.frame.Frame;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a frame back into its events, reading its payload with the same decoder ingest judged
 * it with, so every event gets the id and fields it would have had at ingest. Version 1 frames,
 * which carried event rows, are read as rows.
 */
public final class FrameEvents {

  private FrameEvents() {
  }

  /** The events of {@code frame}; throws {@link CorruptFrameException} when it is not a readable frame. */
  public static DecodedFrame decode(byte[] frame) {
    Frame f = FrameCodec.read(frame);
    FrameHeader h = f.header();
    EventDecoder d = new EventDecoder(EventDecoder.Mode.REPLAY, true, null, h.tenant(),
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
        case EVENT_ROWS:
          // Version 1 frames carry no id base: their ingest time names the delivery instead.
          return new DecodedFrame(h.tenant(), h.ingestedNanos(), rows(p, h), 0, h.ingestedNanos(), 0, 0);
        default:
          throw new CorruptFrameException("unknown layout " + h.layout());
      }
    } catch (BodyDecoding.Failure e) {
      throw new CorruptFrameException("frame payload does not read: " + e.getMessage());
    }
    return new DecodedFrame(h.tenant(), h.ingestedNanos(), d.events, d.corrupt, h.idHi(), h.idLo(), h.firstSeq());
  }

  /** The events of a version 1 frame, stored whole. */
  private static List<LogEvent> rows(byte[] payload, FrameHeader h) {
    ByteReader r = new ByteReader(payload, 0, payload.length);
    List<LogEvent> out = new ArrayList<>();
    while (r.hasRemaining()) {
      out.add(EventCodec.read(r, h.tenant(), h.ingestedNanos()));
    }
    return out;
  }
}
