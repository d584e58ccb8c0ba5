package io.tributary.ingest;

/**
 * What one ingest request may hold. Bodies over a limit are refused as a whole (413); items over
 * a per-item limit are rejected one by one and the rest is kept.
 *
 * @param maxBodyBytes request body as sent (compressed or not)
 * @param maxDecodedBytes request body after gzip
 * @param maxEvents items in one request
 * @param maxEventBytes one NDJSON line, array element or text line
 * @param maxAttributes attributes of one event after flattening
 * @param maxNameLength attribute keys, service and host
 * @param maxNesting object nesting inside one event (deeper objects are rejected)
 * @param maxFutureNanos how far past the server's clock an event time may be
 */
public record IngestLimits(
    int maxBodyBytes,
    int maxDecodedBytes,
    int maxEvents,
    int maxEventBytes,
    int maxAttributes,
    int maxNameLength,
    int maxNesting,
    long maxFutureNanos) {

  public static IngestLimits defaults() {
    return new IngestLimits(16 << 20, 64 << 20, 200_000, 256 << 10, 128, 256, 16, 86_400_000_000_000L);
  }
}
