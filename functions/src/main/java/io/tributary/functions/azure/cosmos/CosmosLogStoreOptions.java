package io.tributary.functions.azure.cosmos;

import java.time.Duration;

/**
 * How a {@link CosmosLogStore} packs and writes.
 *
 * @param ttl how long an item lives after it was last written (the hot retention); the
 *     container's default TTL must be on (any value) for a per-item TTL to apply
 * @param maxBlockRawBytes most NDJSON bytes of events packed into one item, before compression
 * @param maxBlockEvents most events packed into one item
 * @param maxWriteRounds how many times operations that were throttled (429) or timed out are sent
 *     again before the upsert fails
 * @param minBackoff the first wait before a round of retries when the service gave no Retry-After
 * @param maxBackoff the longest wait between rounds
 */
public record CosmosLogStoreOptions(
    Duration ttl,
    int maxBlockRawBytes,
    int maxBlockEvents,
    int maxWriteRounds,
    Duration minBackoff,
    Duration maxBackoff) {

  public CosmosLogStoreOptions {
    if (maxBlockRawBytes < 1024 || maxBlockEvents < 1 || maxWriteRounds < 1) {
      throw new IllegalArgumentException("block limits and write rounds must be positive");
    }
  }

  /**
   * 7 days of hot retention; blocks of up to 96 KiB of NDJSON (about 20 KiB compressed, 27 KiB as
   * base64: in the 16-64 KB band where Cosmos charges the fewest RU per byte written, see
   * docs/cosmos-ru.md) and at most 2,000 events; 8 rounds of retries.
   */
  public static CosmosLogStoreOptions defaults() {
    return new CosmosLogStoreOptions(Duration.ofDays(7), 96 * 1024, 2000, 8, Duration.ofMillis(100),
        Duration.ofSeconds(10));
  }

  public CosmosLogStoreOptions withTtl(Duration t) {
    return new CosmosLogStoreOptions(t, maxBlockRawBytes, maxBlockEvents, maxWriteRounds, minBackoff, maxBackoff);
  }

  public CosmosLogStoreOptions withBlockLimits(int rawBytes, int events) {
    return new CosmosLogStoreOptions(ttl, rawBytes, events, maxWriteRounds, minBackoff, maxBackoff);
  }

  public CosmosLogStoreOptions withRetries(int rounds, Duration min, Duration max) {
    return new CosmosLogStoreOptions(ttl, maxBlockRawBytes, maxBlockEvents, rounds, min, max);
  }
}
