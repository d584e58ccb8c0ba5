package io.tributary.ingest;

import io.tributary.eventlog.EventLog;
import io.tributary.event.Timestamps;
import io.tributary.frame.FrameCodec;
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

  /** A receipt lists at most this many rejections (and counts them all). */
  public static final int MAX_LISTED_REJECTIONS = 1000;

  private final EventLog log;
  private final FrameCodec frames;
  private final IngestLimits limits;
  private final Clock clock;
  private final Duration publishTimeout;

  public IngestService(EventLog log, FrameCodec frames, IngestLimits limits, Clock clock, Duration publishTimeout) {
    this.log = log;
    this.frames = frames;
    this.limits = limits;
    this.clock = clock;
    this.publishTimeout = publishTimeout;
  }

  public IngestLimits limits() {
    return limits;
  }

  public IngestResult ingest(IngestRequest r) {
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
    EventDecoder decoder = new EventDecoder(limits, r.tenant(), r.defaults(), now);
    try {
      byte[] body = BodyDecoding.decode(r.contentEncoding(), r.body(), limits.maxDecodedBytes());
      decoder.decode(format.get(), body);
    } catch (BodyDecoding.Failure f) {
      return new IngestResult.Refused(f.problem);
    }
    List<Rejection> rejected = decoder.rejections;
    List<Rejection> listed = rejected.size() > MAX_LISTED_REJECTIONS
        ? List.copyOf(rejected.subList(0, MAX_LISTED_REJECTIONS)) : List.copyOf(rejected);
    if (decoder.items() == 0) {
      return refused(400, Reasons.EMPTY_BODY, "the body holds no events (only blank lines or an empty array)");
    }
    if (decoder.events.isEmpty()) {
      return new IngestResult.Refused(Problem.of(400, Reasons.NO_VALID_EVENTS,
              "none of the " + decoder.items() + " items is a valid event; see 'rejected' for what to fix")
          .with("accepted", 0).with("rejectedCount", rejected.size()).with("rejected", listed));
    }
    List<byte[]> encoded = frames.encode(r.tenant(), now, decoder.events);
    try {
      log.publish(r.tenant(), encoded).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("the server is shutting down");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return unavailable("the events could not be made durable (" + cause + ")");
    }
    return new IngestResult.Accepted(new IngestReceipt(decoder.events.size(), rejected.size(), listed));
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
