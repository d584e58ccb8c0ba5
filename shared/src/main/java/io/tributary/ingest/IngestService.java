package io.tributary.ingest;

import io.tributary.eventlog.EventLog;
import io.tributary.event.Timestamps;
import io.tributary.event.EventIds;
import io.tributary.frame.FrameCodec;
import io.tributary.frame.FrameHeader;
import io.tributary.frame.PayloadCodec;
import io.tributary.event.TenantId;
import io.tributary.http.Problem;
import io.tributary.http.ProblemHeaders;
import io.tributary.limits.RateDecision;
import io.tributary.limits.RateLimiter;
import io.tributary.limits.TenantLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The write path up to durability: read the body, keep the valid events, frame them, take them
 * from the tenant's rate limit, publish the frames to the {@link EventLog}, and answer only once
 * they are durable. Thread-safe.
 *
 * <p>Rate limits are asked twice ({@link RateLimiter}): {@link #peek} before the body is read
 * (the host, or the function before decoding), and a take inside {@link #ingest(IngestRequest,
 * TenantLimits)} for the events and decoded bytes actually accepted, before anything is published:
 * a refused take publishes nothing, so a 429 means the whole request may be sent again. When the
 * limiter itself fails (its Redis is unreachable), ingest fails open: the request is judged as if
 * unlimited and the failure logged, at most every {@value #LIMITER_LOG_SECONDS} s, since losing
 * data or refusing every tenant for a cache outage is worse than a short unmetered spell.
 */
public final class IngestService {

  private static final Logger LOG = Logger.getLogger(IngestService.class.getName());
  private static final long LIMITER_LOG_SECONDS = 10;

  /** Bodies up to this size (decompressed) may travel as one frame. */
  private static final int MAX_BODY_FRAME_RAW_BYTES = 16 << 20;

  /** A receipt lists at most this many rejections (and counts them all). */
  public static final int MAX_LISTED_REJECTIONS = 1000;

  private final EventLog log;
  private final FrameCodec frames;
  private final IngestLimits limits;
  private final Clock clock;
  private final Duration publishTimeout;
  private final IngestGate gate;
  private final IngestFormats formats;
  /** Null: nothing is rate-limited. */
  private final RateLimiter rates;
  private final AtomicLong limiterFailures = new AtomicLong();
  private final AtomicLong limiterLoggedAt = new AtomicLong(Long.MIN_VALUE);
  private final java.util.concurrent.atomic.LongAdder acceptedEvents = new java.util.concurrent.atomic.LongAdder();
  private volatile java.util.function.Consumer<IngestResult> resultListener;
  private final java.util.concurrent.ConcurrentHashMap<io.tributary.event.TenantId,
      java.util.concurrent.atomic.LongAdder> acceptedByTenant = new java.util.concurrent.ConcurrentHashMap<>();
  /** Null but in tests that compare judging with replay. */
  private volatile Judging.Probe probe;

  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout) {
    this(log, frames, limits, clock, publishTimeout, IngestGate.OPEN);
  }

  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout,
      IngestGate gate) {
    this(log, frames, limits, clock, publishTimeout, gate, null);
  }

  /** @param rates the tenants' token buckets; null to limit no one */
  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout,
      IngestGate gate, RateLimiter rates) {
    this(log, frames, limits, clock, publishTimeout, gate, rates, IngestFormats.standard());
  }

  /** @param formats the formats requests may come in */
  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout,
      IngestGate gate, RateLimiter rates, IngestFormats formats) {
    this.formats = formats;
    this.rates = rates;
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
   * The shard of the tenant's frames a request's frames go to: one of its limits' shards
   * ({@link TenantLimits#shards}, at most one per partition of the log), at random, so a large
   * tenant's requests spread over as many partitions; all of a request's frames go to the one shard,
   * in order. Without limits, shard 0.
   */
  int shard(TenantLimits tenantLimits) {
    if (tenantLimits == null) {
      return 0;
    }
    int shards = Math.min(tenantLimits.shards(), log.partitions());
    return shards <= 1 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextInt(shards);
  }

  /**
   * For tests: after judging a request, judge it again with a decoder that builds the events it
   * accepts, and show both to {@code p}. Costs a second decoding pass per request.
   */
  void probeJudging(Judging.Probe p) {
    this.probe = p;
  }

  /** Times the rate limiter failed and ingest went on unmetered (fail-open) since start. */
  public long limiterFailures() {
    return limiterFailures.get();
  }

  /**
   * Whether {@code tenant}'s buckets hold anything now: null when its request may be read, else
   * the 429 {@link Reasons#RATE_LIMITED} to answer at once, before the body is read. Takes
   * nothing. {@code limits} null (or no limiter): always null.
   */
  public Problem peek(TenantId tenant, TenantLimits limits) {
    if (rates == null || limits == null) {
      return null;
    }
    RateDecision d;
    try {
      d = rates.peek(tenant, limits);
    } catch (java.io.IOException | RuntimeException e) {
      limiterFailed(e);
      return null;
    }
    return d.allowed() ? null : rateLimited(d, "tenant '" + tenant + "' has used its " + limits.eventsPerSecond()
        + " events/s and " + limits.bytesPerSecond() + " bytes/s (burst " + limits.burstSeconds() + " s)");
  }

  /** {@link #ingest(IngestRequest, TenantLimits)} without a rate limit. */
  public IngestResult ingest(IngestRequest r) {
    return ingest(r, null);
  }

  /** A request to {@code POST /api/logs/ingest}: {@link #ingest(String, IngestRequest, TenantLimits)}. */
  public IngestResult ingest(IngestRequest r, TenantLimits tenantLimits) {
    return ingest(IngestFormats.INGEST_ROUTE, r, tenantLimits);
  }

  /** The formats this service reads. */
  public IngestFormats formats() {
    return formats;
  }

  /** Tells {@code listener} every result {@link #ingest} returns (metrics); it must return at once. */
  public void onResult(java.util.function.Consumer<IngestResult> listener) {
    resultListener = listener;
  }

  /**
   * Judges {@code r}, a request to {@code route} read by the format its Content-Type names there,
   * takes its accepted events and their decoded bytes from the tenant's buckets under
   * {@code limits} (null: no limit), and publishes them: accepted once durable, or refused whole.
   */
  public IngestResult ingest(String route, IngestRequest r, TenantLimits tenantLimits) {
    IngestResult result = judgeAndPublish(route, r, tenantLimits);
    java.util.function.Consumer<IngestResult> l = resultListener;
    if (l != null) {
      l.accept(result);
    }
    return result;
  }

  private IngestResult judgeAndPublish(String route, IngestRequest r, TenantLimits tenantLimits) {
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
    Optional<IngestFormat> chosen = formats.forRequest(route, r.contentType());
    if (chosen.isEmpty()) {
      return refused(415, Reasons.UNSUPPORTED_MEDIA_TYPE, (r.contentType() == null
          ? "the request has no Content-Type" : "Content-Type '" + r.contentType() + "' is not accepted")
          + "; send " + formats.accepted(route));
    }
    IngestFormat format = chosen.get();
    String charset = IngestFormats.unsupportedCharset(r.contentType());
    if (charset != null) {
      return refused(415, Reasons.UNSUPPORTED_CHARSET, "charset '" + charset + "' is not accepted; send UTF-8");
    }
    long now = Timestamps.ofInstant(clock.instant());
    long[] idBase = EventIds.base(now / Timestamps.NANOS_PER_MILLI);
    BodyReading decoder = BodyReading.judging(false, limits, r.tenant(), r.defaults(), now, idBase);
    Encoding encoding;
    byte[] body;
    try {
      encoding = Encoding.of(r.contentEncoding());
      body = BodyDecoding.decode(encoding, r.body(), limits);
    } catch (BodyRefusal f) {
      return new IngestResult.Refused(f.problem());
    }
    Problem bodyRefusal = null;
    try {
      format.read(body, decoder);
    } catch (BodyRefusal f) {
      bodyRefusal = f.problem();
    }
    Judging.Probe p = probe;
    if (p != null) {
      p.judged(Judging.of(decoder, bodyRefusal), judgeMaterialized(r, format, body, now, idBase));
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
          .with("accepted", 0).with("rejectedCount", rejected.size()).with("rejected", listed),
          format.report(decoder));
    }
    RateDecision rate = null;
    if (rates != null && tenantLimits != null) {
      long bytes = acceptedBytes(decoder);
      try {
        rate = rates.take(r.tenant(), tenantLimits, decoder.accepted, bytes);
      } catch (java.io.IOException | RuntimeException e) {
        limiterFailed(e);
      }
      if (rate != null && !rate.allowed()) {
        return new IngestResult.Refused(rateLimited(rate, "this request's " + decoder.accepted + " events and "
            + bytes + " bytes are more than tenant '" + r.tenant() + "' has left of its "
            + tenantLimits.eventsPerSecond() + " events/s and " + tenantLimits.bytesPerSecond() + " bytes/s (burst "
            + tenantLimits.burstSeconds() + " s)"));
      }
    }
    List<byte[]> encoded = frames(r, format, encoding, body, decoder, idBase, now);
    try {
      log.publish(r.tenant(), shard(tenantLimits), encoded).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("the server is shutting down");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return unavailable("the events could not be made durable (" + cause + ")");
    }
    acceptedEvents.add(decoder.accepted);
    acceptedByTenant.computeIfAbsent(r.tenant(), t -> new java.util.concurrent.atomic.LongAdder()).add(decoder.accepted);
    long published = 0;
    for (byte[] f : encoded) {
      published += f.length;
    }
    gate.published(r.tenant(), encoded.size(), published);
    return new IngestResult.Accepted(new IngestReceipt(decoder.accepted, rejected.size(), listed), rate,
        format.report(decoder));
  }

  /** The decoded bytes of the accepted items (what the bytes/s limit counts). */
  private static long acceptedBytes(BodyReading d) {
    long n = 0;
    for (int i = 0; i < d.accepted; i++) {
      n += d.ranges[2 * i + 1] - d.ranges[2 * i];
    }
    return n;
  }

  /** A 429 whose figures give the Retry-After and RateLimit headers ({@link ProblemHeaders}). */
  private static Problem rateLimited(RateDecision d, String what) {
    return Problem.of(429, Reasons.RATE_LIMITED, what + "; nothing of this request was accepted: send it again after"
        + " Retry-After seconds, or slow down (an operator can raise the tenant's limits)")
        .with(ProblemHeaders.RETRY_AFTER_SECONDS, d.retryAfterSeconds())
        .with(ProblemHeaders.RATE_LIMIT_LIMIT, d.limit())
        .with(ProblemHeaders.RATE_LIMIT_REMAINING, d.remaining())
        .with(ProblemHeaders.RATE_LIMIT_RESET_SECONDS, d.resetSeconds());
  }

  /** Fail-open: counts the failure and logs it, at most every {@link #LIMITER_LOG_SECONDS} s. */
  private void limiterFailed(Exception e) {
    long n = limiterFailures.incrementAndGet();
    long now = System.nanoTime();
    long last = limiterLoggedAt.get();
    if ((last == Long.MIN_VALUE || now - last > LIMITER_LOG_SECONDS * 1_000_000_000L)
        && limiterLoggedAt.compareAndSet(last, now)) {
      LOG.log(Level.WARNING, "the rate limiter failed (" + n + " times since start); ingest goes on unmetered"
          + " until it answers again", e);
    }
  }

  private Judging judgeMaterialized(IngestRequest r, IngestFormat format, byte[] body, long now, long[] idBase) {
    BodyReading d = BodyReading.judging(true, limits, r.tenant(), r.defaults(), now, idBase);
    try {
      format.read(body, d);
      return Judging.of(d, null);
    } catch (BodyRefusal f) {
      return Judging.of(d, f.problem());
    }
  }

  /**
   * The frames of a request: its body as sent when that fits one frame (gzip and zstd bodies are
   * not decompressed again or recompressed), else its valid items packed into zstd frames.
   */
  private List<byte[]> frames(IngestRequest r, IngestFormat format, Encoding encoding, byte[] body,
      BodyReading decoder, long[] idBase, long now) {
    FrameHeader h = new FrameHeader(r.tenant(), now, idBase[0], idBase[1], 0, r.defaults().service(),
        r.defaults().host(), r.defaults().severity(), format.bodyLayout(), decoder.rejectedIndexes(),
        io.tributary.telemetry.Tracing.currentTraceparent());
    if (body.length <= MAX_BODY_FRAME_RAW_BYTES) {
      byte[] f = encoding == Encoding.IDENTITY
          ? frames.encodeBody(h, PayloadCodec.NONE, body, body.length)
          : frames.encodeBody(h, encoding.codec(), r.body(), body.length);
      if (f != null) {
        return List.of(f);
      }
    }
    return frames.encodeItems(h.withFirstSeq(0, format.itemsLayout()), format.items(body, decoder));
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
