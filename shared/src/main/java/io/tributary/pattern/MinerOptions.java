package io.tributary.pattern;

/**
 * How a {@link PatternMiner} mines, and the bounds on its memory. One configuration serves every
 * source; nothing here is tuned per data set.
 *
 * @param maxClusters clusters kept per miner; the least recently used is dropped beyond this
 * @param similarity fraction of equal tokens (a variable counts as equal to a variable) at which a
 *     line joins a cluster it does not already fit; 0 to 1
 * @param maxTokens tokens of a body mined; the rest becomes one trailing variable
 * @param maxTokenChars longer tokens are taken as variables
 */
public record MinerOptions(int maxClusters, double similarity, int maxTokens, int maxTokenChars) {

  public static final int DEFAULT_MAX_CLUSTERS = 2_000;
  public static final double DEFAULT_SIMILARITY = 0.7;
  public static final int DEFAULT_MAX_TOKENS = 96;
  public static final int DEFAULT_MAX_TOKEN_CHARS = 96;

  public MinerOptions {
    if (maxClusters < 1) {
      throw new IllegalArgumentException("maxClusters must be at least 1: " + maxClusters);
    }
    if (!(similarity >= 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be between 0 and 1: " + similarity);
    }
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be at least 2: " + maxTokens);
    }
    if (maxTokenChars < 8) {
      throw new IllegalArgumentException("maxTokenChars must be at least 8: " + maxTokenChars);
    }
  }

  public static MinerOptions defaults() {
    return new MinerOptions(DEFAULT_MAX_CLUSTERS, DEFAULT_SIMILARITY, DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOKEN_CHARS);
  }

  public MinerOptions withMaxClusters(int max) {
    return new MinerOptions(max, similarity, maxTokens, maxTokenChars);
  }

  /**
   * An upper bound on the memory one miner retains, in bytes: every cluster at the largest
   * template, as {@link PatternMiner#retainedBytes()} counts it.
   */
  public long maxRetainedBytes() {
    return maxClusters * (320 + 72L * maxTokens + 4L * maxTokens * (maxTokenChars + 3) + 24
        + Cluster.ALIAS_BYTES * PatternMiner.MAX_FORMER_IDS);
  }
}
