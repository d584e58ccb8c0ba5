package io.tributary.ingest;

import io.tributary.eventlog.EventLog;
import io.tributary.event.Timestamps;
import io.tributary.event.EventIds;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;
import io.tributary.frame.PayloadCodec;
import io.tributary.frame.PayloadLayout;
import io.tributary.http.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The write path up to durability: read the body, keep the valid events, frame them, publish the
 * frames to the {@link EventLog}, and answer only once they are durable. Thread-safe.
 */
public final class IngestService {

  /** Bodies up to this size (decompressed) may travel as one frame. */
  private static final int MAX_BODY_FRAME_RAW_BYTES = 16 << 20;
  private static final int[] NO_SKIP = new int[0];

  /** A receipt lists at most this many rejections (and counts them all). */
  public static final int MAX_LISTED_REJECTIONS = 1000;

  private final EventLog log;
  private final FrameCodec frames;
  private final IngestLimits limits;
  private final Clock clock;
  private final Duration publishTimeout;
  private final IngestGate gate;
  private final java.util.concurrent.atomic.LongAdder acceptedEvents = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.ConcurrentHashMap<io.tributary.event.TenantId,
      java.util.concurrent.atomic.LongAdder> acceptedByTenant = new java.util.concurrent.ConcurrentHashMap<>();
  /** Null but in tests that compare judging with replay. */
  private volatile Judging.Probe probe;

  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout) {
    this(log, frames, limits, clock, publishTimeout, IngestGate.OPEN);
  }

  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout,
      IngestGate gate) {
    this.gate = gate;
    this.log = log;
    this.frames = frames;
    this.limits = limits;
    this.clock = clock;
    this.publishTimeout = publishTimeout;
  }

  /** Events accepted (made durable) since start. */
  public long acceptedEvents() {
    return acceptedEvents.sum();
  }

  /** Events accepted for {@code tenant} since start, by this instance. */
  public long acceptedEvents(io.tributary.event.TenantId tenant) {
    java.util.concurrent.atomic.LongAdder a = acceptedByTenant.get(tenant);
    return a == null ? 0 : a.sum();
  }

  /** The tenants this instance accepted events for since start. */
  public java.util.Set<io.tributary.event.TenantId> tenantsSeen() {
    return java.util.Set.copyOf(acceptedByTenant.keySet());
  }

  public IngestLimits limits() {
    return limits;
  }

  /**
   * For tests: after judging a request, judge it again with a decoder that builds the events it
   * accepts, and show both to {@code p}. Costs a second decoding pass per request.
   */
  void probeJudging(Judging.Probe p) {
    this.probe = p;
  }

  public IngestResult ingest(IngestRequest r) {
    Problem refusal = gate.refuse(r.tenant());
    if (refusal != null) {
      return new IngestResult.Refused(refusal);
    }
    if (r.body() == null || r.body().length == 0) {
      return refused(400, Reasons.EMPTY_BODY, "the body is empty; send events as NDJSON, a JSON array or text lines");
    }
    if (r.body().length > limits.maxBodyBytes()) {
      return refused(413, Reasons.BODY_TOO_LARGE, "the body is " + r.body().length + " bytes; the limit is "
          + limits.maxBodyBytes() + " bytes per request: send smaller batches");
    }
    Optional<BodyFormat> format = BodyFormat.of(r.contentType());
    if (format.isEmpty()) {
      return refused(415, Reasons.UNSUPPORTED_MEDIA_TYPE, (r.contentType() == null
          ? "the request has no Content-Type" : "Content-Type '" + r.contentType() + "' is not accepted")
          + "; send " + BodyFormat.ACCEPTED);
    }
    String charset = BodyFormat.unsupportedCharset(r.contentType());
    if (charset != null) {
      return refused(415, Reasons.UNSUPPORTED_CHARSET, "charset '" + charset + "' is not accepted; send UTF-8");
    }
    long now = Timestamps.ofInstant(clock.instant());
    long[] idBase = EventIds.base(now / Timestamps.NANOS_PER_MILLI);
    EventDecoder decoder = new EventDecoder(EventDecoder.Mode.INGEST, false, limits, r.tenant(), r.defaults(), now,
        idBase, 0, NO_SKIP);
    Encoding encoding;
    byte[] body;
    try {
      encoding = Encoding.of(r.contentEncoding());
      body = BodyDecoding.decode(encoding, r.body(), limits);
    } catch (BodyDecoding.Failure f) {
      return new IngestResult.Refused(f.problem);
    }
    Problem bodyRefusal = null;
    try {
      decoder.decode(format.get(), body);
    } catch (BodyDecoding.Failure f) {
      bodyRefusal = f.problem;
    }
    Judging.Probe p = probe;
    if (p != null) {
      p.judged(Judging.of(decoder, bodyRefusal), judgeMaterialized(r, format.get(), body, now, idBase));
    }
    if (bodyRefusal != null) {
      return new IngestResult.Refused(bodyRefusal);
    }
    List<Rejection> rejected = decoder.rejections;
    List<Rejection> listed = rejected.size() > MAX_LISTED_REJECTIONS
        ? List.copyOf(rejected.subList(0, MAX_LISTED_REJECTIONS)) : List.copyOf(rejected);
    if (decoder.items() == 0) {
      return refused(400, Reasons.EMPTY_BODY, "the body holds no events (only blank lines or an empty array)");
    }
    if (decoder.accepted == 0) {
      return new IngestResult.Refused(Problem.of(400, Reasons.NO_VALID_EVENTS,
              "none of the " + decoder.items() + " items is a valid event; see 'rejected' for what to fix")
          .with("accepted", 0).with("rejectedCount", rejected.size()).with("rejected", listed));
    }
    List<byte[]> encoded = frames(r, format.get(), encoding, body, decoder, idBase, now);
    try {
      log.publish(r.tenant(), encoded).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("the server is shutting down");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return unavailable("the events could not be made durable (" + cause + ")");
    }
    acceptedEvents.add(decoder.accepted);
    acceptedByTenant.computeIfAbsent(r.tenant(), t -> new java.util.concurrent.atomic.LongAdder()).add(decoder.accepted);
    return new IngestResult.Accepted(new IngestReceipt(decoder.accepted, rejected.size(), listed));
  }

  private Judging judgeMaterialized(IngestRequest r, BodyFormat format, byte[] body, long now, long[] idBase) {
    EventDecoder d = new EventDecoder(EventDecoder.Mode.INGEST, true, limits, r.tenant(), r.defaults(), now, idBase,
        0, NO_SKIP);
    try {
      d.decode(format, body);
      return Judging.of(d, null);
    } catch (BodyDecoding.Failure f) {
      return Judging.of(d, f.problem);
    }
  }

  /**
   * The frames of a request: its body as sent when that fits one frame (gzip and zstd bodies are
   * not decompressed again or recompressed), else its valid items packed into zstd frames.
   */
  private List<byte[]> frames(IngestRequest r, BodyFormat format, Encoding encoding, byte[] body,
      EventDecoder decoder, long[] idBase, long now) {
    int[] skip = new int[decoder.rejections.size()];
    for (int i = 0; i < skip.length; i++) {
      skip[i] = decoder.rejections.get(i).index();
    }
    FrameHeader h = new FrameHeader(r.tenant(), now, idBase[0], idBase[1], 0, r.defaults().service(),
        r.defaults().host(), r.defaults().severity(), bodyLayout(format), skip);
    if (body.length <= MAX_BODY_FRAME_RAW_BYTES) {
      byte[] f = encoding == Encoding.IDENTITY
          ? frames.encodeBody(h, PayloadCodec.NONE, body, body.length)
          : frames.encodeBody(h, encoding.codec(), r.body(), body.length);
      if (f != null) {
        return List.of(f);
      }
    }
    PayloadLayout items = format == BodyFormat.TEXT ? PayloadLayout.TEXT_ITEMS : PayloadLayout.JSON_ITEMS;
    return frames.encodeItems(h.withFirstSeq(0, items), body, decoder.ranges, decoder.accepted);
  }

  private static PayloadLayout bodyLayout(BodyFormat f) {
    switch (f) {
      case TEXT: return PayloadLayout.TEXT_BODY;
      case NDJSON: return PayloadLayout.NDJSON_BODY;
      default: return PayloadLayout.JSON_BODY;
    }
  }

  private static IngestResult refused(int status, String code, String detail) {
    return new IngestResult.Refused(Problem.of(status, code, detail));
  }

  private static IngestResult unavailable(String why) {
    return new IngestResult.Refused(Problem.of(503, Reasons.PUBLISH_FAILED,
        why + "; nothing of this request was accepted: retry it (send event ids to make retries idempotent)")
        .with("retryAfterSeconds", 1));
  }
}
