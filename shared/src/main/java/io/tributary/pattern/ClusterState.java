package io.tributary.pattern;

import java.util.List;

/**
 * A saved cluster.
 *
 * @param id the pattern id (of the template; version 1 saved the founding line's)
 * @param sequence creation order within its miner
 * @param hits lines mined into it
 * @param template its tokens, {@value Pattern#WILDCARD} for variables
 * @param formerIds the ids of its earlier templates, oldest first (absent in version 1: none)
 */
public record ClusterState(String id, long sequence, long hits, List<String> template, List<String> formerIds) {

  public ClusterState {
    template = List.copyOf(template);
    formerIds = formerIds == null ? List.of() : List.copyOf(formerIds);
  }
}
