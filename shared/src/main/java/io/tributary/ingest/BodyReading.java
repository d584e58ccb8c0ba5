package io.tributary.ingest;

import io.tributary.event.EventIds;
import io.tributary.event.LogEvent;
import io.tributary.event.TenantId;
import io.tributary.frame.FrameHeader;
import io.tributary.http.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pass of an {@link IngestFormat} over a body: what the format reports item by item, and
 * what the pass needs to know to report it. The same format reads the same bytes twice: at
 * ingest ({@link Mode#INGEST}) to judge each item, and in processing ({@link Mode#REPLAY}) to turn
 * a frame back into events. Both give the valid events the same ids (a per-request base plus the
 * event's sequence number, {@link #nextId}) and the same fields. A replay judges nothing: it
 * passes over the items ingest rejected ({@link #begin} returns false for them), applies no size
 * limits ({@link #limits} are unbounded) and builds an event from every other item it can parse,
 * even one that breaks today's rules, so that nothing ingest acknowledged is dropped; an item it
 * cannot parse at all is counted as {@link #unreadable}.
 *
 * <p>A format calls, for each item in order: {@link #begin}, then either {@link #accept} (with the
 * event when {@link #materialize} is true, else null) or {@link #reject}.
 *
 * <p>Not thread-safe: one instance per request or frame.
 */
public final class BodyReading {

  /** Judging a request, or rebuilding the events of a frame. */
  public enum Mode { INGEST, REPLAY }

  private static final IngestLimits REPLAY_LIMITS = new IngestLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
      Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE / 4,
      Integer.MAX_VALUE);
  private static final int[] NO_SKIP = new int[0];

  private final Mode mode;
  private final boolean materialize;
  private final IngestLimits limits;
  private final TenantId tenant;
  private final EventDefaults defaults;
  private final long nowNanos;
  private final long idHi;
  private final long idLo;
  private final int firstSeq;
  private final int[] skip;
  private int skipAt;
  /** The valid events, in order, when materializing. */
  final List<LogEvent> events = new ArrayList<>();
  /** At ingest, the rejected items, in order. */
  final List<Rejection> rejections = new ArrayList<>();
  /** Byte ranges of the valid items in the decoded body, in order ({@code [start, end)} pairs). */
  int[] ranges = new int[64];
  private int items;
  /** Items a replay could not parse although ingest accepted them (a bug or damage). */
  private int corrupt;
  /** Valid events so far. */
  int accepted;
  /** What the format keeps across the items of this pass (a reader with its buffers). */
  private Object formatState;

  /**
   * @param materialize build the valid events (always in a replay)
   * @param limits the request's limits (ignored in a replay)
   * @param idBase {hi, lo} of the request's id base ({@code EventIds.base})
   * @param firstSeq sequence number of the first valid event this pass sees
   * @param skip sorted item indexes to pass over (REPLAY: those ingest rejected)
   */
  BodyReading(Mode mode, boolean materialize, IngestLimits limits, TenantId tenant, EventDefaults defaults,
      long nowNanos, long[] idBase, int firstSeq, int[] skip) {
    this.mode = mode;
    this.materialize = materialize || mode == Mode.REPLAY;
    this.limits = mode == Mode.REPLAY ? REPLAY_LIMITS : limits;
    this.tenant = tenant;
    this.defaults = defaults;
    this.nowNanos = nowNanos;
    this.idHi = idBase[0];
    this.idLo = idBase[1];
    this.firstSeq = firstSeq;
    this.skip = skip;
  }

  /** Judging a request at ingest; {@code materialize} builds the events too (for the tests). */
  static BodyReading judging(boolean materialize, IngestLimits limits, TenantId tenant, EventDefaults defaults,
      long nowNanos, long[] idBase) {
    return new BodyReading(Mode.INGEST, materialize, limits, tenant, defaults, nowNanos, idBase, 0, NO_SKIP);
  }

  /** Rebuilding the events of a frame with header {@code h}. */
  static BodyReading replaying(FrameHeader h) {
    return new BodyReading(Mode.REPLAY, true, null, h.tenant(), new EventDefaults(h.service(), h.host(), h.severity()),
        h.ingestedNanos(), new long[] {h.idHi(), h.idLo()}, h.firstSeq(), h.skip());
  }

  public Mode mode() {
    return mode;
  }

  /** True at ingest: items are judged against the limits and rules. */
  public boolean judging() {
    return mode == Mode.INGEST;
  }

  /** Whether {@link #accept} takes the events (always in a replay); when false it takes null. */
  public boolean materialize() {
    return materialize;
  }

  /** The request's limits; unbounded in a replay. */
  public IngestLimits limits() {
    return limits;
  }

  public TenantId tenant() {
    return tenant;
  }

  /** The request's defaults (service, host, severity), for what an item does not say. */
  public EventDefaults defaults() {
    return defaults;
  }

  /** The request's ingest time, nanoseconds since the epoch. */
  public long nowNanos() {
    return nowNanos;
  }

  /** The format's state for this pass, or null before it set one. */
  public Object formatState() {
    return formatState;
  }

  public void formatState(Object state) {
    this.formatState = state;
  }

  /** Total items seen, accepted or not (in a replay: not counting those passed over). */
  public int items() {
    return items;
  }

  /** Valid items so far. */
  public int accepted() {
    return accepted;
  }

  /** Items a replay could not parse although ingest accepted them. */
  public int unreadable() {
    return corrupt;
  }

  /** The rejections so far, in order (at ingest); a read-only view. */
  public List<Rejection> rejections() {
    return java.util.Collections.unmodifiableList(rejections);
  }

  /**
   * Starts item {@code index} (the item's place in the body, as rejections report it): false when
   * a replay passes over it because ingest rejected it (then nothing else is called for it); else
   * counts it, and at ingest refuses the whole body when it holds more than the request may.
   */
  public boolean begin(int index) throws BodyRefusal {
    if (mode == Mode.REPLAY && skipped(index)) {
      return false;
    }
    if (++items > limits.maxEvents() && mode == Mode.INGEST) {
      throw new BodyRefusal(Problem.of(413, Reasons.TOO_MANY_EVENTS,
          "the request holds more than " + limits.maxEvents() + " events; send smaller batches"));
    }
    return true;
  }

  /** Counts an item of an items frame, which passes over nothing and has no limit. */
  void beginItem() {
    items++;
  }

  private boolean skipped(int index) {
    while (skipAt < skip.length && skip[skipAt] < index) {
      skipAt++;
    }
    return skipAt < skip.length && skip[skipAt] == index;
  }

  /** The id of the next valid event: the request's base plus its sequence number. */
  public String nextId() {
    return EventIds.nth(idHi, idLo, firstSeq + accepted);
  }

  /**
   * Records a valid item: its event ({@code null} unless materializing) and its byte range in the
   * decoded body (what the bytes/s limit counts, and what an items frame carries for formats whose
   * items stand alone).
   */
  public void accept(LogEvent e, int start, int end) {
    int n = accepted++;
    if (e != null) {
      events.add(e);
    }
    if (2 * n + 2 > ranges.length) {
      ranges = Arrays.copyOf(ranges, ranges.length * 2);
    }
    ranges[2 * n] = start;
    ranges[2 * n + 1] = end;
  }

  /** Where the {@code k}-th valid item starts in the decoded body. */
  public int acceptedStart(int k) {
    return ranges[2 * k];
  }

  /** Where the {@code k}-th valid item ends (exclusive) in the decoded body. */
  public int acceptedEnd(int k) {
    return ranges[2 * k + 1];
  }

  /** At ingest, records a rejected item; in a replay, counts an item it cannot parse. */
  public void reject(int index, String code, String message) {
    if (mode == Mode.REPLAY) {
      corrupt++;
      return;
    }
    rejections.add(new Rejection(index, code, printable(message)));
  }

  /** The indexes of the rejected items, in order: the skip list of the request's frames. */
  int[] rejectedIndexes() {
    int[] s = new int[rejections.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = rejections.get(i).index();
    }
    return s;
  }

  /** Whether {@code s} holds an unpaired UTF-16 surrogate (which JSON escapes can spell), so is not text. */
  public static boolean hasLoneSurrogate(CharSequence s) {
    return EventObjectReader.loneSurrogate(s) >= 0;
  }

  /** {@code s} without lone surrogates (parser messages may quote the input), so it can be sent back. */
  static String printable(String s) {
    return s == null || EventObjectReader.loneSurrogate(s) < 0 ? s
        : s.replaceAll("[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]", "\uFFFD");
  }
}
