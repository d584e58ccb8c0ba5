package io.tributary.query.aggregate;

import io.tributary.event.LogEvent;
import io.tributary.query.LogFilter;
import io.tributary.store.ColumnBatch;
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
  private final java.util.function.UnaryOperator<String> currentPatternId;

  /** {@code f}'s value in {@code e}, a pattern id as it is now. */
  private String valueOf(AggregateField f, LogEvent e) {
    String v = f.valueOf(e);
    return f.kind() == AggregateField.Kind.PATTERN && v != null ? currentPatternId.apply(v) : v;
  }

  public Aggregator(AggregateRequest request, long fromNanos, long toNanos) {
    this(request, fromNanos, toNanos, java.util.function.UnaryOperator.identity());
  }

  /**
   * @param currentPatternId the id a stored pattern id has now (a template that generalised after
   *     events were stored under its old id counts as one group, under the new id)
   */
  public Aggregator(AggregateRequest request, long fromNanos, long toNanos,
      java.util.function.UnaryOperator<String> currentPatternId) {
    this.currentPatternId = currentPatternId;
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
      key[i] = valueOf(groupBy.get(i), e);
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
    String s = String.valueOf(valueOf(histogram.by(), e));
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

  /**
   * True when every figure asked for reads of an event only its time, severity, service and host
   * (no metrics, no pattern or attribute groups): then {@link #acceptColumns} can take the events.
   */
  public boolean needsOnlyColumns() {
    if (!metrics.isEmpty()) {
      return false;
    }
    for (AggregateField f : groupBy) {
      if (!isColumn(f)) {
        return false;
      }
    }
    return histogram == null || histogram.by() == null || isColumn(histogram.by());
  }

  private static boolean isColumn(AggregateField f) {
    return f.kind() == AggregateField.Kind.SEVERITY || f.kind() == AggregateField.Kind.SERVICE
        || f.kind() == AggregateField.Kind.HOST;
  }

  /**
   * Takes the events of a batch of column rows, as {@link #accept} would take them one by one; only
   * when {@link #needsOnlyColumns}. Groups and series are looked up once per distinct value of the
   * batch's dictionaries, not once per row.
   */
  public void acceptColumns(ColumnBatch b) {
    if (!needsOnlyColumns()) {
      throw new IllegalStateException("this aggregation reads more than columns");
    }
    total += b.count();
    if (!groupBy.isEmpty()) {
      groupColumns(b);
    }
    if (histogram != null) {
      bucketColumns(b);
    }
  }

  /** How many values field {@code f} can take in batch {@code b} (severity: its codes). */
  private static int dictionarySize(AggregateField f, ColumnBatch b) {
    return switch (f.kind()) {
      case SEVERITY -> SEVERITY_CODES;
      case SERVICE -> b.services().length;
      default -> b.hosts().length;
    };
  }

  private static final int SEVERITY_CODES = 8;

  /** Row {@code r}'s index in field {@code f}'s dictionary. */
  private static int dictionaryIndex(AggregateField f, ColumnBatch b, int r) {
    return switch (f.kind()) {
      case SEVERITY -> b.severities()[r];
      case SERVICE -> b.serviceIndexes()[r];
      default -> b.hostIndexes()[r];
    };
  }

  /** The value (as {@link AggregateField#valueOf} gives it) of entry {@code i} of {@code f}'s dictionary. */
  private static String dictionaryValue(AggregateField f, ColumnBatch b, int i) {
    return switch (f.kind()) {
      case SEVERITY -> io.tributary.event.Severity.ofCode(i).name();
      case SERVICE -> b.services()[i];
      default -> b.hosts()[i];
    };
  }

  /** Stands for a group not counted on its own (more than {@link #MAX_GROUPS}). */
  private static final GroupCount UNCOUNTED = new GroupCount(null);
  /** The most combinations of dictionary entries whose groups a batch looks up in an array. */
  private static final int MAX_SLOTS = 1 << 16;

  private void groupColumns(ColumnBatch b) {
    int fields = groupBy.size();
    int[] sizes = new int[fields];
    long slots = 1;
    for (int f = 0; f < fields; f++) {
      sizes[f] = Math.max(1, dictionarySize(groupBy.get(f), b));
      slots *= sizes[f];
    }
    Map<Integer, GroupCount> sparse = slots > MAX_SLOTS ? new HashMap<>() : null;
    GroupCount[] dense = sparse == null ? new GroupCount[(int) slots] : null;
    int[] rows = b.rows();
    long[] times = b.times();
    for (int k = 0; k < b.count(); k++) {
      int r = rows[k];
      int slot = 0;
      for (int f = 0; f < fields; f++) {
        slot = slot * sizes[f] + dictionaryIndex(groupBy.get(f), b, r);
      }
      GroupCount g = dense != null ? dense[slot] : sparse.get(slot);
      if (g == null) {
        g = groupOf(b, r);
        if (dense != null) {
          dense[slot] = g;
        } else {
          sparse.put(slot, g);
        }
      }
      if (g != UNCOUNTED) {
        g.addTime(times[r]);
      }
    }
  }

  /** The group of row {@code r} of a batch, made when new; {@link #UNCOUNTED} once there are too many. */
  private GroupCount groupOf(ColumnBatch b, int r) {
    String[] key = new String[groupBy.size()];
    for (int f = 0; f < key.length; f++) {
      AggregateField field = groupBy.get(f);
      key[f] = dictionaryValue(field, b, dictionaryIndex(field, b, r));
    }
    List<String> k = Arrays.asList(key);
    GroupCount g = groups.get(k);
    if (g == null) {
      if (groups.size() >= MAX_GROUPS) {
        approximate = true;
        return UNCOUNTED;
      }
      g = new GroupCount(null);
      groups.put(k, g);
    }
    return g;
  }

  private void bucketColumns(ColumnBatch b) {
    AggregateField by = histogram.by();
    long[][] local = by == null ? null : new long[Math.max(1, dictionarySize(by, b))][];
    int[] rows = b.rows();
    long[] times = b.times();
    // The split field's column, read directly in the loop.
    byte[] severityOf = by != null && by.kind() == AggregateField.Kind.SEVERITY ? b.severities() : null;
    int[] indexOf = by == null || severityOf != null ? null
        : by.kind() == AggregateField.Kind.SERVICE ? b.serviceIndexes() : b.hostIndexes();
    // Rows mostly come in time order: the last row's bucket is tried before dividing.
    long bucketStart = 1;
    long bucketEnd = 0;
    int i = -1;
    for (int k = 0; k < b.count(); k++) {
      int r = rows[k];
      long t = times[r];
      if (t < bucketStart || t >= bucketEnd) {
        long bucket = Math.floorDiv(t - firstBucketNanos, stepNanos);
        if (bucket < 0 || bucket >= buckets) {
          continue;
        }
        i = (int) bucket;
        bucketStart = firstBucketNanos + bucket * stepNanos;
        bucketEnd = bucketStart + stepNanos;
      }
      counts[i]++;
      if (local == null) {
        continue;
      }
      int d = severityOf != null ? severityOf[r] : indexOf[r];
      long[] c = local[d];
      if (c == null) {
        String s = String.valueOf(dictionaryValue(by, b, d));
        c = series.get(s);
        if (c == null) {
          if (series.size() >= MAX_SERIES_TRACKED) {
            c = otherSeries;
          } else {
            c = new long[buckets];
            series.put(s, c);
          }
        }
        local[d] = c;
      }
      if (c == otherSeries) {
        approximate = true;
      }
      c[i]++;
    }
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

    /** Counts an event of which only the time is known (a column row; groups without samples). */
    void addTime(long t) {
      count++;
      first = Math.min(first, t);
      last = Math.max(last, t);
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
