package io.tributary.loadtest;

import java.util.Map;

/**
 * {@code run fuzz-ingest --cases N [--seed S] [--from I] [--threads T]}: what ingest accepts against
 * what processing decodes, over generated bodies, in process ({@link FuzzIngest}). A correctness
 * run: its figures are counts of disagreements, not speeds, so it has no speed anchor.
 */
final class FuzzIngestScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    Map<String, Object> out = new java.util.LinkedHashMap<>(FuzzIngest.run(h.flags));
    out.put("anchor", Harness.anchor("none: a correctness run (counts of disagreements), no speed to anchor",
        Map.of()));
    return out;
  }
}
