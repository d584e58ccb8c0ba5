package io.tributary.ingest;

/**
 * What one ingest request may hold. Bodies over a limit are refused as a whole (413); items over
 * a per-item limit are rejected one by one and the rest is kept.
 *
 * @param maxBodyBytes request body as sent (compressed or not)
 * @param maxDecodedBytes request body after gzip or zstd
 * @param maxEvents items in one request ({@code too_many_events})
 * @param maxEventBytes one NDJSON line, array element or text line
 * @param maxAttributes attributes of one event after flattening
 * @param maxNameLength attribute keys, service and host
 * @param maxNesting object nesting inside one event (deeper objects are rejected)
 * @param maxFutureNanos how far past the server's clock an event time may be
 * @param maxExpansion how many times its size as sent a compressed body may grow when decoded
 *     ({@code expansion_too_large}); a body that decodes to at most
 *     {@link #EXPANSION_CHECKED_ABOVE_BYTES} is never refused for its ratio
 */
public record IngestLimits(
    int maxBodyBytes,
    int maxDecodedBytes,
    int maxEvents,
    int maxEventBytes,
    int maxAttributes,
    int maxNameLength,
    int maxNesting,
    long maxFutureNanos,
    int maxExpansion) {

  /**
   * Real log batches compress 5-33 times (the Loghub samples, gzip and zstd up to level 19) and
   * the most repetitive ones (10,000 health-check lines) about 330 times; a decompression bomb
   * (200,000 tiny events in a 300-byte zstd body) over 10,000 times. 1,000 keeps a margin of three
   * over the first and stops the second after 300 KB. gzip cannot exceed about 1,032.
   */
  public static final int DEFAULT_MAX_EXPANSION = 1000;

  /** Bodies that decode to at most this many bytes are not refused for their expansion. */
  public static final int EXPANSION_CHECKED_ABOVE_BYTES = 1 << 20;

  /** The limits before {@code maxExpansion} existed, with its default. */
  public IngestLimits(int maxBodyBytes, int maxDecodedBytes, int maxEvents, int maxEventBytes, int maxAttributes,
      int maxNameLength, int maxNesting, long maxFutureNanos) {
    this(maxBodyBytes, maxDecodedBytes, maxEvents, maxEventBytes, maxAttributes, maxNameLength, maxNesting,
        maxFutureNanos, DEFAULT_MAX_EXPANSION);
  }

  public static IngestLimits defaults() {
    return new IngestLimits(16 << 20, 64 << 20, 200_000, 256 << 10, 128, 256, 16, 86_400_000_000_000L,
        DEFAULT_MAX_EXPANSION);
  }
}
