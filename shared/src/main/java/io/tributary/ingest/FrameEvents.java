package io.tributary.ingest;

import io.tributary.event.LogEvent;
import io.tributary.frame.ByteReader;
import io.tributary.frame.CorruptFrameException;
import io.tributary.frame.DecodedFrame;
import io.tributary.frame.EventCodec;
import io.tributary.frame.Frame;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;
import io.tributary.frame.PayloadLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a frame back into its events, reading its payload with the format that judged it at
 * ingest (found by the wire id in the frame, {@link IngestFormats#forLayout}), so every event gets
 * the id and fields it would have had at ingest. Version 1 frames, which carried event rows, are
 * read as rows.
 */
public final class FrameEvents {

  private FrameEvents() {
  }

  /** The events of {@code frame}; throws {@link CorruptFrameException} when it is not a readable frame. */
  public static DecodedFrame decode(byte[] frame) {
    return decode(frame, IngestFormats.standard());
  }

  /** The events of {@code frame}, its format found in {@code formats}. */
  public static DecodedFrame decode(byte[] frame, IngestFormats formats) {
    Frame f = FrameCodec.read(frame);
    FrameHeader h = f.header();
    byte[] p = f.payload();
    if (h.layout().equals(PayloadLayout.EVENT_ROWS)) {
      // Version 1 frames carry no id base: their ingest time names the delivery instead.
      return new DecodedFrame(h.tenant(), h.ingestedNanos(), rows(p, h), 0, h.ingestedNanos(), 0, 0);
    }
    IngestFormat format = formats.forLayout(h.layout())
        .orElseThrow(() -> new CorruptFrameException("unknown layout " + h.layout().code()));
    BodyReading r = BodyReading.replaying(h);
    if (h.layout().equals(format.itemsLayout())) {
      ByteReader in = new ByteReader(p, 0, p.length);
      while (in.hasRemaining()) {
        int len = in.readVarInt();
        int start = in.position();
        in.skip(len);
        r.beginItem();
        format.readItem(p, start, start + len, r);
      }
    } else {
      try {
        format.read(p, r);
      } catch (BodyRefusal e) {
        throw new CorruptFrameException("frame payload does not read: " + e.getMessage());
      }
    }
    return new DecodedFrame(h.tenant(), h.ingestedNanos(), r.events, r.unreadable(), h.idHi(), h.idLo(),
        h.firstSeq());
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
