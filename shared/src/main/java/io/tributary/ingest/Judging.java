package io.tributary.ingest;

import io.tributary.event.LogEvent;
import io.tributary.http.Problem;
import java.util.Arrays;
import java.util.List;

/**
 * What one pass of a format over a request decided: the items it saw, the valid ones (their byte
 * ranges, and their events when it materialized them) and the rejected ones, or the refusal of
 * the whole body. For the tests that check that ingest and replay agree.
 *
 * @param refusal the whole body's refusal, or null when it was read
 * @param events empty unless the pass materialized the events
 */
record Judging(Problem refusal, int items, int accepted, int[] ranges, List<Rejection> rejections,
    List<LogEvent> events) {

  static Judging of(BodyReading d, Problem refusal) {
    return new Judging(refusal, d.items(), d.accepted, Arrays.copyOf(d.ranges, 2 * d.accepted),
        List.copyOf(d.rejections), List.copyOf(d.events));
  }

  /** Sees every request twice judged: as ingest judged it, and again with its events built. */
  @FunctionalInterface
  interface Probe {
    void judged(Judging asJudged, Judging materialized);
  }
}
