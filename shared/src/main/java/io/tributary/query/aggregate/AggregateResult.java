package io.tributary.query.aggregate;

import java.util.List;
import java.util.Map;

/**
 * What an aggregation found.
 *
 * @param total the events that matched
 * @param groups the largest groups, largest first (ties by key), empty without groupBy
 * @param other the matching events of no group listed
 * @param histogram the histogram, or null when none was asked for
 * @param metrics by metric name as the request gave it
 * @param approximate true when more distinct groups or series came than are counted one by one
 *     ({@link Aggregator#MAX_GROUPS}, {@link Aggregator#MAX_SERIES_TRACKED}): the later ones were
 *     counted as other, so the groups listed may miss some events and may not be the largest.
 *     Metrics' percentiles are always within 1% ({@link ValueSketch}) and do not set it.
 */
public record AggregateResult(long total, List<Group> groups, long other, Histogram histogram,
    Map<String, Metric> metrics, boolean approximate) {

  /**
   * One group.
   *
   * @param key the value of each groupBy field, in order (a value null when events have none)
   * @param firstSeenNanos the earliest event time of the group
   * @param lastSeenNanos the latest
   * @param template with groupBy pattern: the pattern's template, else null
   * @param sample with groupBy pattern: the message of the group's earliest event, else null
   */
  public record Group(List<String> key, long count, long firstSeenNanos, long lastSeenNanos, String template,
      String sample) {
  }

  /**
   * @param interval the bucket width's name ("1m")
   * @param stepNanos the bucket width
   * @param series the names of the series listed, largest first; empty without {@code by}
   */
  public record Histogram(String interval, long stepNanos, List<String> series, List<Bucket> buckets) {
  }

  /**
   * @param series by series name; "other" for the rest (only when {@code by} is set)
   */
  public record Bucket(long startNanos, long count, Map<String, Long> series) {
  }

  /** Exact count, min, max and avg, and percentiles within 1%; all but count NaN when count is 0. */
  public record Metric(long count, double min, double max, double avg, double p50, double p95, double p99) {
  }
}
