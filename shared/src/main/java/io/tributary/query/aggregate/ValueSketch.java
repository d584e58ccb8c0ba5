package io.tributary.query.aggregate;

/**
 * Quantiles of a stream of numbers in bounded memory, with a relative error of at most
 * {@link #RELATIVE_ERROR}: the value answered for a quantile is within 1% of the true value at that
 * rank (the nearest-rank definition: the ⌈q·n⌉-th smallest). Values are counted in buckets whose
 * bounds grow geometrically by γ = (1+α)/(1−α), and a bucket answers the midpoint 2γ^i/(γ+1) (as
 * DDSketch does). Magnitudes under {@link #MIN_MAGNITUDE} count as zero and over 1e300 as 1e300,
 * so a sketch holds at most a few thousand buckets per sign whatever it is fed. Not thread-safe.
 */
public final class ValueSketch {

  public static final double RELATIVE_ERROR = 0.01;
  public static final double MIN_MAGNITUDE = 1e-9;
  private static final double MAX_MAGNITUDE = 1e300;
  private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
  private static final double LOG_GAMMA = Math.log(GAMMA);
  private static final int MIN_INDEX = index(MIN_MAGNITUDE);

  private final Buckets positive = new Buckets();
  private final Buckets negative = new Buckets();
  private long zeros;
  private long count;

  public void add(double v) {
    if (Double.isNaN(v)) {
      return;
    }
    count++;
    double m = Math.min(Math.abs(v), MAX_MAGNITUDE);
    if (m < MIN_MAGNITUDE) {
      zeros++;
    } else if (v > 0) {
      positive.add(index(m));
    } else {
      negative.add(index(m));
    }
  }

  public long count() {
    return count;
  }

  /** The value at quantile {@code q} (0-1), within {@link #RELATIVE_ERROR} of the true one; NaN when empty. */
  public double quantile(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (int i = negative.counts.length - 1; i >= 0; i--) {
      seen += negative.counts[i];
      if (seen >= rank) {
        return -value(i + negative.offset);
      }
    }
    seen += zeros;
    if (seen >= rank) {
      return 0;
    }
    for (int i = 0; i < positive.counts.length; i++) {
      seen += positive.counts[i];
      if (seen >= rank) {
        return value(i + positive.offset);
      }
    }
    return value(positive.offset + positive.counts.length - 1);
  }

  private static int index(double magnitude) {
    return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
  }

  private static double value(int index) {
    return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
  }

  /** Counts by bucket index, in an array that grows to the indexes seen. */
  private static final class Buckets {
    long[] counts = new long[0];
    int offset = MIN_INDEX;

    void add(int index) {
      if (counts.length == 0) {
        offset = index;
        counts = new long[1];
      } else if (index < offset) {
        long[] grown = new long[counts.length + (offset - index)];
        System.arraycopy(counts, 0, grown, offset - index, counts.length);
        counts = grown;
        offset = index;
      } else if (index >= offset + counts.length) {
        counts = java.util.Arrays.copyOf(counts, index - offset + 1);
      }
      counts[index - offset]++;
    }
  }
}
