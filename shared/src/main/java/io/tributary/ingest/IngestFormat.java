package io.tributary.ingest;

import io.tributary.frame.FrameItems;
import io.tributary.frame.PayloadLayout;
import java.util.List;

/**
 * One body format ingest reads: our own NDJSON, JSON and text, and each shipper's protocol. A
 * format is one function over a body, {@link #read}, that ingest runs to judge each item at the
 * edge and processing runs again to rebuild the events of the frame ingest published (the
 * {@link BodyReading}'s mode says which); because both are the same code over the same bytes,
 * what ingest accepted is what processing stores. {@link IngestFormatContract} is the test every
 * format extends.
 *
 * <p>A format also declares where it is served (a route and media types) and its two wire ids,
 * written in every frame it produces ({@link #bodyLayout}, {@link #itemsLayout}): the registry
 * ({@link IngestFormats}) finds the format again by them in processing. Wire ids are never
 * changed or reused, so that frames already written stay readable.
 *
 * <p>Implementations are stateless and thread-safe; what one pass keeps lives in its
 * {@link BodyReading} ({@link BodyReading#formatState}).
 */
public interface IngestFormat {

  /** A short stable name ({@code ndjson}, {@code otlp-protobuf}), for messages and metrics. */
  String name();

  /** The wire id of a frame carrying a whole body of this format. */
  PayloadLayout bodyLayout();

  /** The wire id of a frame carrying only accepted items, each standing alone ({@link #readItem}). */
  PayloadLayout itemsLayout();

  /** The route that serves it, under {@code /api/} ({@code logs/ingest}, {@code compat/otlp/v1/logs}). */
  String route();

  /** The media types it reads (lower case, without parameters) on its route. */
  List<String> mediaTypes();

  /**
   * Reads a decoded body, reporting every item to {@code r} in order ({@link BodyReading#begin},
   * then {@link BodyReading#accept} or {@link BodyReading#reject}). At ingest an item that breaks
   * a rule is rejected with a reason code from {@link Reasons} or the format's own, and the rest
   * is read on; only a body whose structure cannot be read at all is refused.
   *
   * @throws BodyRefusal when the body as a whole cannot be read (at ingest; a replay of a frame
   *     ingest accepted does not throw it for a correct format)
   */
  void read(byte[] body, BodyReading r) throws BodyRefusal;

  /**
   * Reads one item of an items frame, bytes {@code [from, to)} of {@code b} as {@link #items}
   * wrote it. Called in a replay only, after {@link BodyReading#beginItem}.
   */
  void readItem(byte[] b, int from, int to, BodyReading r);

  /**
   * The accepted items of a judged body, each standing alone, for the items frames of a body too
   * large for one frame. The default serves formats whose items are their byte ranges.
   */
  default FrameItems items(byte[] body, BodyReading judged) {
    return FrameItems.ranges(body, judged.ranges, judged.accepted);
  }

  /** What the route needs beyond the receipt to answer in its protocol's shape; null by default. */
  default FormatReport report(BodyReading judged) {
    return null;
  }
}
