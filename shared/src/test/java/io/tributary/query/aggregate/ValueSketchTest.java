package io.tributary.query.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueSketchTest {

  @Test
  void everyQuantileIsWithinOnePercentOfTheNearestRankValueAcrossSignsAndScales() {
    Random r = new Random(11);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      double magnitude = Math.exp(r.nextGaussian() * 6);
      values[i] = i % 10 == 0 ? 0 : (i % 3 == 0 ? -magnitude : magnitude);
    }
    ValueSketch s = new ValueSketch();
    for (double v : values) {
      s.add(v);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    assertEquals(values.length, s.count());
    for (double q : new double[] {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      double exact = sorted[(int) Math.ceil(q * sorted.length) - 1];
      double got = s.quantile(q);
      assertTrue(Math.abs(got - exact) <= ValueSketch.RELATIVE_ERROR * Math.abs(exact), q + ": " + got + " vs " + exact);
    }
  }

  @Test
  void anEmptySketchHasNoQuantileAndNaNIsNotCounted() {
    ValueSketch s = new ValueSketch();
    s.add(Double.NaN);
    assertEquals(0, s.count());
    assertTrue(Double.isNaN(s.quantile(0.5)));
  }
}
