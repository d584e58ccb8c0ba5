package io.tributary.limits;

/**
 * How fast one tenant may send: sustained events and bytes per second, and how many seconds of
 * either it may send at once after a quiet spell (the buckets' depth).
 *
 * @param eventsPerSecond sustained events per second, at least 1
 * @param bytesPerSecond sustained decoded bytes per second, at least 1
 * @param burstSeconds seconds of the sustained rate a full bucket holds, at least 1
 */
public record TenantLimits(long eventsPerSecond, long bytesPerSecond, int burstSeconds) {

  public TenantLimits {
    if (eventsPerSecond < 1 || bytesPerSecond < 1 || burstSeconds < 1) {
      throw new IllegalArgumentException("limits must be at least 1 event/s, 1 byte/s and 1 s of burst");
    }
  }

  /**
   * Sustained bytes per second one shard of a tenant's data is planned for: half an Event Hubs
   * partition's ingress (1 MB/s on Standard), and what fills about 15 GB of a Cosmos DB logical
   * partition's 20 GB in a day at about 350 stored bytes per 1 KB event (docs/capacity.md).
   */
  public static final long SHARD_BYTES_PER_SECOND = 512L << 10;
  /** The most shards a tenant's data is spread over: 256 MiB/s of it. */
  public static final int MAX_SHARDS = 512;

  /**
   * How many shards a tenant's data is spread over: one per {@link #SHARD_BYTES_PER_SECOND} of its
   * byte limit, at least one and at most {@link #MAX_SHARDS} (free plan 2, standard 40, enterprise
   * 400, unlimited 512).
   */
  public int shards() {
    long n = (bytesPerSecond + SHARD_BYTES_PER_SECOND - 1) / SHARD_BYTES_PER_SECOND;
    return (int) Math.max(1, Math.min(MAX_SHARDS, n));
  }

  /** Events a full bucket holds. */
  public long eventBurst() {
    return Math.multiplyExact(eventsPerSecond, (long) burstSeconds);
  }

  /** Bytes a full bucket holds. */
  public long byteBurst() {
    return Math.multiplyExact(bytesPerSecond, (long) burstSeconds);
  }
}
