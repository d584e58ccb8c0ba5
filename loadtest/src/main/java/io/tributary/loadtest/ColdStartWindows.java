package io.tributary.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The first minute after a server's start in windows of ten seconds (issue 19 item 3, the cold
 * start): per window, the 202-to-visible p99 and max of the markers acked in it, how many there
 * were, the events processed and accepted per second and the largest backlog, from the health
 * samples. A start whose JIT has not compiled the processing path yet shows as early windows with a
 * processing rate below the ingest rate and markers waiting seconds.
 */
final class ColdStartWindows {

  static final long WINDOW_NANOS = 10_000_000_000L;
  static final int WINDOWS = 6;

  private ColdStartWindows() {
  }

  /**
   * @param start when the load started (System.nanoTime)
   * @param markers (ack time, µs to visible) per marker
   * @param health (time, processed, accepted, pending journal bytes) per health sample, in time order
   * @param threads the server's CPU by role of its threads at each health sample (same index), or
   *     an empty list to leave it out
   */
  static List<Map<String, Object>> of(long start, List<long[]> markers, List<long[]> health,
      List<ServerThreads> threads) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int w = 0; w < WINDOWS; w++) {
      long from = start + w * WINDOW_NANOS;
      long to = from + WINDOW_NANOS;
      Histogram visible = new Histogram(3_600_000_000L, 3);
      synchronized (markers) {
        for (long[] m : markers) {
          if (m[0] >= from && m[0] < to) {
            visible.recordValue(m[1]);
          }
        }
      }
      long[] first = null;
      long[] last = null;
      int firstIndex = -1;
      int lastIndex = -1;
      long maxLag = 0;
      for (int i = 0; i < health.size(); i++) {
        long[] s = health.get(i);
        // The sample just before the window opens counts as its start, so windows tile the minute.
        if (s[0] < from) {
          first = s;
          firstIndex = i;
          continue;
        }
        if (s[0] >= to) {
          break;
        }
        if (first == null) {
          first = s;
          firstIndex = i;
        }
        last = s;
        lastIndex = i;
        maxLag = Math.max(maxLag, s[2] - s[1]);
      }
      if (last == null || first == last) {
        break;
      }
      double seconds = (last[0] - first[0]) / 1e9;
      Map<String, Object> window = new LinkedHashMap<>();
      window.put("from_s", w * 10);
      window.put("to_s", (w + 1) * 10);
      window.put("visible_p99_ms", Harness.round(visible.getValueAtPercentile(99) / 1000.0));
      window.put("visible_max_ms", Harness.round(visible.getMaxValue() / 1000.0));
      window.put("markers", visible.getTotalCount());
      window.put("processed_events_per_s", Math.round((last[1] - first[1]) / seconds));
      window.put("accepted_events_per_s", Math.round((last[2] - first[2]) / seconds));
      window.put("max_backlog_events", maxLag);
      if (lastIndex < threads.size()) {
        // Where the server's cores went in the window: processing against ingest, compaction, the JIT, the collector.
        window.put("server_cpu_cores_by_role", threads.get(lastIndex).coresSince(threads.get(firstIndex), seconds));
      }
      out.add(window);
    }
    return out;
  }
}
