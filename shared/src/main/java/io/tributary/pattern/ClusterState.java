package io.tributary.pattern;

import java.util.List;

/**
 * A saved cluster.
 *
 * @param id the pattern id
 * @param sequence creation order within its miner
 * @param hits lines mined into it
 * @param template its tokens, {@value Pattern#WILDCARD} for variables
 */
public record ClusterState(String id, long sequence, long hits, List<String> template) {

  public ClusterState {
    template = List.copyOf(template);
  }
}
