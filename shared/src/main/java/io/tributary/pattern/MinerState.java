package io.tributary.pattern;

import java.util.List;

/**
 * Everything a {@link PatternMiner} knows, to save and restore it ({@link PatternMiner#toJson()}).
 *
 * @param version format version, {@value #VERSION} (version 1, which named patterns by their
 *     founding line and kept no former ids, is still read)
 * @param options the miner's options
 * @param sequence the next cluster's creation number
 * @param clusters clusters from least to most recently used
 */
public record MinerState(int version, MinerOptions options, long sequence, List<ClusterState> clusters) {

  public static final int VERSION = 2;

  public MinerState {
    clusters = List.copyOf(clusters);
  }
}
