package io.tributary.loadtest;

import java.util.Map;

/**
 * One {@code loadtest/run} command: what it measures on this machine, as the figures of its JSON
 * line. Every scenario measures an anchor in the same run and reports it under {@code "anchor"}
 * (what it is and its figure), because the same command gives figures 2-3x apart on different
 * machines and only a same-run anchor makes one comparable; {@link LoadRun} adds the machine.
 */
interface Scenario {

  /** Runs the measurement; the figures, in the order they are printed. */
  Map<String, Object> run(Harness h) throws Exception;
}
