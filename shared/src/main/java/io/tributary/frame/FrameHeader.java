package io.tributary.frame;

import io.tributary.event.Severity;
import io.tributary.event.TenantId;

/**
 * What a frame says about its events besides their bytes: whose they are, when they were ingested,
 * how their ids are formed, the request's defaults, and which items of a body ingest rejected.
 *
 * @param idHi high 64 bits of the request's id base
 * @param idLo low 64 bits of the request's id base
 * @param firstSeq sequence number of the first valid event in this frame (ids are base + sequence)
 * @param service default service of the request
 * @param host default host of the request
 * @param severity default severity of the request
 * @param skip sorted indexes of the items of a body that ingest rejected (empty for items layouts)
 * @param traceparent the W3C trace context of the ingest request that made the frame
 *     ({@code 00-<trace id>-<span id>-<flags>}), or null when it was not traced
 */
public record FrameHeader(
    TenantId tenant,
    long ingestedNanos,
    long idHi,
    long idLo,
    int firstSeq,
    String service,
    String host,
    Severity severity,
    PayloadLayout layout,
    int[] skip,
    String traceparent) {

  /** A header without trace context. */
  public FrameHeader(TenantId tenant, long ingestedNanos, long idHi, long idLo, int firstSeq, String service,
      String host, Severity severity, PayloadLayout layout, int[] skip) {
    this(tenant, ingestedNanos, idHi, idLo, firstSeq, service, host, severity, layout, skip, null);
  }

  public FrameHeader withFirstSeq(int seq, PayloadLayout newLayout) {
    return new FrameHeader(tenant, ingestedNanos, idHi, idLo, seq, service, host, severity, newLayout, new int[0],
        traceparent);
  }

  /** This header with the trace context {@code traceparent} (null for none). */
  public FrameHeader withTraceparent(String tp) {
    return new FrameHeader(tenant, ingestedNanos, idHi, idLo, firstSeq, service, host, severity, layout, skip, tp);
  }
}
