package io.tributary.query.aggregate;

import io.tributary.event.LogEvent;
import io.tributary.query.LogFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds matching events into an {@link AggregateResult} in one pass and bounded memory: at most
 * {@link #MAX_GROUPS} groups and {@link #MAX_SERIES_TRACKED} histogram series are counted one by
 * one (exactly); events of further keys count as other and make the answer approximate. Events are
 * taken in any order; the answer does not depend on it. Not thread-safe: one per aggregation.
 */
public final class Aggregator implements Consumer<LogEvent> {

  /** Most distinct group keys counted exactly. */
  public static final int MAX_GROUPS = 10_000;
  /** Most distinct histogram series counted exactly. */
  public static final int MAX_SERIES_TRACKED = 100;
  static final String OTHER = "other";

  private final List<AggregateField> groupBy;
  private final int top;
  private final HistogramSpec histogram;
  private final long firstBucketNanos;
  private final long stepNanos;
  private final int buckets;
  private final List<String> metricNames;
  private final List<String> metricAttributes;

  private long total;
  private boolean approximate;
  private final Map<List<String>, GroupCount> groups = new HashMap<>();
  private long[] counts;
  private final Map<String, long[]> series = new HashMap<>();
  private long[] otherSeries;
  private final List<MetricFold> metrics = new ArrayList<>();

  /**
   * @param fromNanos with a histogram: the start of its range (inclusive); else ignored
   * @param toNanos with a histogram: the end of its range (exclusive); else ignored
   * @throws IllegalArgumentException when the histogram would have more than {@link HistogramSpec#MAX_BUCKETS}
   */
  public Aggregator(AggregateRequest request, long fromNanos, long toNanos) {
    this.groupBy = request.groupBy();
    this.top = request.top();
    this.histogram = request.histogram();
    if (histogram != null) {
      stepNanos = histogram.stepNanos(fromNanos, toNanos);
      long n = HistogramSpec.buckets(fromNanos, toNanos, stepNanos);
      if (n > HistogramSpec.MAX_BUCKETS) {
        throw new IllegalArgumentException(n + " buckets");
      }
      buckets = (int) n;
      firstBucketNanos = Math.floorDiv(fromNanos, stepNanos) * stepNanos;
      counts = new long[buckets];
      otherSeries = new long[buckets];
    } else {
      stepNanos = 0;
      buckets = 0;
      firstBucketNanos = 0;
    }
    metricNames = request.metrics();
    metricAttributes = new ArrayList<>();
    for (String m : metricNames) {
      metricAttributes.add(m.startsWith("attributes.") ? m.substring("attributes.".length()) : m);
      metrics.add(new MetricFold());
    }
  }

  @Override
  public void accept(LogEvent e) {
    total++;
    if (!groupBy.isEmpty()) {
      group(e);
    }
    if (histogram != null) {
      bucket(e);
    }
    for (int i = 0; i < metrics.size(); i++) {
      double v = LogFilter.numeric(e.attributes().get(metricAttributes.get(i)));
      if (!Double.isNaN(v) && !Double.isInfinite(v)) {
        metrics.get(i).add(v);
      }
    }
  }

  private void group(LogEvent e) {
    String[] key = new String[groupBy.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = groupBy.get(i).valueOf(e);
    }
    List<String> k = Arrays.asList(key);
    GroupCount g = groups.get(k);
    if (g == null) {
      if (groups.size() >= MAX_GROUPS) {
        approximate = true;
        return;
      }
      g = new GroupCount(e);
      groups.put(k, g);
    }
    g.add(e);
  }

  private void bucket(LogEvent e) {
    long b = Math.floorDiv(e.timeNanos() - firstBucketNanos, stepNanos);
    if (b < 0 || b >= buckets) {
      return;
    }
    int i = (int) b;
    counts[i]++;
    if (histogram.by() == null) {
      return;
    }
    String s = String.valueOf(histogram.by().valueOf(e));
    long[] c = series.get(s);
    if (c == null) {
      if (series.size() >= MAX_SERIES_TRACKED) {
        otherSeries[i]++;
        approximate = true;
        return;
      }
      c = new long[buckets];
      series.put(s, c);
    }
    c[i]++;
  }

  /** The answer over the events taken so far. */
  public AggregateResult result() {
    List<AggregateResult.Group> listed = new ArrayList<>();
    long other = 0;
    if (!groupBy.isEmpty()) {
      boolean pattern = groupBy.stream().anyMatch(f -> f.kind() == AggregateField.Kind.PATTERN);
      List<Map.Entry<List<String>, GroupCount>> all = new ArrayList<>(groups.entrySet());
      all.sort(Comparator.comparingLong((Map.Entry<List<String>, GroupCount> x) -> -x.getValue().count)
          .thenComparing(x -> String.valueOf(x.getKey())));
      long inListed = 0;
      for (Map.Entry<List<String>, GroupCount> x : all.subList(0, Math.min(top, all.size()))) {
        GroupCount g = x.getValue();
        listed.add(new AggregateResult.Group(x.getKey(), g.count, g.first, g.last, pattern ? g.template : null,
            pattern ? g.sample : null));
        inListed += g.count;
      }
      other = total - inListed;
    }
    return new AggregateResult(total, listed, other, histogramResult(), metricsResult(), approximate);
  }

  private AggregateResult.Histogram histogramResult() {
    if (histogram == null) {
      return null;
    }
    List<String> names = new ArrayList<>(series.keySet());
    Map<String, Long> totals = new HashMap<>();
    for (String n : names) {
      totals.put(n, Arrays.stream(series.get(n)).sum());
    }
    names.sort(Comparator.comparingLong((String n) -> -totals.get(n)).thenComparing(n -> n));
    List<String> shown = names.subList(0, Math.min(histogram.series(), names.size()));
    List<AggregateResult.Bucket> out = new ArrayList<>(buckets);
    for (int i = 0; i < buckets; i++) {
      Map<String, Long> split = null;
      if (histogram.by() != null) {
        split = new LinkedHashMap<>();
        long rest = counts[i];
        for (String n : shown) {
          long c = series.get(n)[i];
          split.put(n, c);
          rest -= c;
        }
        split.put(OTHER, rest);
      }
      out.add(new AggregateResult.Bucket(firstBucketNanos + i * stepNanos, counts[i], split));
    }
    return new AggregateResult.Histogram(HistogramSpec.name(stepNanos), stepNanos, List.copyOf(shown), out);
  }

  private Map<String, AggregateResult.Metric> metricsResult() {
    Map<String, AggregateResult.Metric> out = new LinkedHashMap<>();
    for (int i = 0; i < metrics.size(); i++) {
      out.put(metricNames.get(i), metrics.get(i).result());
    }
    return out;
  }

  /** One group's figures; the sample is the message of its earliest event (ties: smallest id). */
  private static final class GroupCount {
    long count;
    long first;
    long last;
    String firstId;
    String template;
    String sample;

    GroupCount(LogEvent e) {
      first = Long.MAX_VALUE;
      last = Long.MIN_VALUE;
    }

    void add(LogEvent e) {
      count++;
      long t = e.timeNanos();
      if (t < first || (t == first && e.id().compareTo(firstId) < 0)) {
        first = t;
        firstId = e.id();
        sample = e.message();
      }
      last = Math.max(last, t);
      if (template == null) {
        template = e.template();
      }
    }
  }

  /** Exact count, min, max and sum; percentiles from a {@link ValueSketch}. */
  private static final class MetricFold {
    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    final ValueSketch sketch = new ValueSketch();

    void add(double v) {
      count++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sketch.add(v);
    }

    AggregateResult.Metric result() {
      if (count == 0) {
        return new AggregateResult.Metric(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new AggregateResult.Metric(count, min, max, sum / count, q(0.50), q(0.95), q(0.99));
    }

    private double q(double q) {
      // Clamped: the bucket's midpoint may lie just outside the values seen.
      return Math.max(min, Math.min(max, sketch.quantile(q)));
    }
  }
}
