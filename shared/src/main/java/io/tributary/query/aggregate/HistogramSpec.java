package io.tributary.query.aggregate;

import io.tributary.event.Timestamps;
import java.time.Duration;
import java.util.List;

/**
 * What a histogram of an aggregation asks for: counts per time bucket of {@code interval} (null for
 * "auto"), each split by {@code by} (null for no split) into its {@code series} largest values and
 * an "other" series.
 */
public record HistogramSpec(Duration interval, AggregateField by, int series) {

  /** Most buckets a histogram may have. */
  public static final int MAX_BUCKETS = 1000;
  /** Most buckets "auto" aims at: it picks the shortest step of {@link #STEPS} giving at most this. */
  public static final int AUTO_BUCKETS = 120;
  public static final int DEFAULT_SERIES = 5;
  public static final int MAX_SERIES = 20;

  /** The steps "auto" chooses from: each at most 2.5 times the one before, so 48-120 buckets. */
  static final List<Duration> STEPS = List.of(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
      Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
      Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(5),
      Duration.ofDays(10), Duration.ofDays(20), Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(90),
      Duration.ofDays(180), Duration.ofDays(365));

  /** The bucket width over [fromNanos, toNanos): the interval asked for, or the one "auto" picks. */
  public long stepNanos(long fromNanos, long toNanos) {
    if (interval != null) {
      return interval.toNanos();
    }
    for (Duration d : STEPS) {
      if (buckets(fromNanos, toNanos, d.toNanos()) <= AUTO_BUCKETS) {
        return d.toNanos();
      }
    }
    return STEPS.get(STEPS.size() - 1).toNanos();
  }

  /** How many buckets of {@code step}, aligned to multiples of it since the epoch, cover the range. */
  public static long buckets(long fromNanos, long toNanos, long step) {
    long first = Math.floorDiv(fromNanos, step);
    long last = Math.floorDiv(toNanos - 1, step);
    return last - first + 1;
  }

  /** The interval as the answer names it ("1m", "500ms", "2h"). */
  public static String name(long stepNanos) {
    long ms = stepNanos / 1_000_000L;
    if (stepNanos % Timestamps.NANOS_PER_DAY == 0) {
      return stepNanos / Timestamps.NANOS_PER_DAY + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
