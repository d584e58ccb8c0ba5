package io.tributary.local.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the OpenTelemetry SDK's metrics when scraped and writes them in the Prometheus text format
 * (version 0.0.4), named as OpenTelemetry's Prometheus compatibility rules say: dots become
 * underscores, the unit becomes a suffix ({@code s} → {@code _seconds}, {@code By} → {@code _bytes},
 * annotations such as {@code {event}} are dropped), monotonic sums are counters ending in
 * {@code _total}, other sums and gauges are gauges, histograms have cumulative {@code _bucket}
 * lines with {@code le}, {@code _sum} and {@code _count}. Cumulative temporality. Thread-safe.
 */
public final class PrometheusExposition implements MetricReader {

  /** The content type of what {@link #scrape} writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    registration = CollectionRegistration.noop();
    return CompletableResultCode.ofSuccess();
  }

  /** Every metric as it is now, in the Prometheus text format, sorted by name. */
  public String scrape() {
    List<MetricData> all = new ArrayList<>(registration.collectAllMetrics());
    all.sort(Comparator.comparing(MetricData::getName));
    StringBuilder out = new StringBuilder();
    for (MetricData m : all) {
      write(m, out);
    }
    return out.toString();
  }

  private static void write(MetricData m, StringBuilder out) {
    String base = name(m.getName(), m.getUnit());
    switch (m.getType()) {
      case LONG_SUM -> {
        boolean counter = m.getLongSumData().isMonotonic();
        header(out, counter ? base + "_total" : base, m.getDescription(), counter ? "counter" : "gauge");
        for (LongPointData p : sorted(m.getLongSumData().getPoints())) {
          sample(out, counter ? base + "_total" : base, p.getAttributes(), null, Long.toString(p.getValue()));
        }
      }
      case DOUBLE_SUM -> {
        boolean counter = m.getDoubleSumData().isMonotonic();
        header(out, counter ? base + "_total" : base, m.getDescription(), counter ? "counter" : "gauge");
        for (DoublePointData p : sorted(m.getDoubleSumData().getPoints())) {
          sample(out, counter ? base + "_total" : base, p.getAttributes(), null, number(p.getValue()));
        }
      }
      case LONG_GAUGE -> {
        header(out, base, m.getDescription(), "gauge");
        for (LongPointData p : sorted(m.getLongGaugeData().getPoints())) {
          sample(out, base, p.getAttributes(), null, Long.toString(p.getValue()));
        }
      }
      case DOUBLE_GAUGE -> {
        header(out, base, m.getDescription(), "gauge");
        for (DoublePointData p : sorted(m.getDoubleGaugeData().getPoints())) {
          sample(out, base, p.getAttributes(), null, number(p.getValue()));
        }
      }
      case HISTOGRAM -> {
        header(out, base, m.getDescription(), "histogram");
        for (HistogramPointData p : sorted(m.getHistogramData().getPoints())) {
          long cumulative = 0;
          List<Double> bounds = p.getBoundaries();
          for (int i = 0; i < bounds.size(); i++) {
            cumulative += p.getCounts().get(i);
            sample(out, base + "_bucket", p.getAttributes(), number(bounds.get(i)), Long.toString(cumulative));
          }
          sample(out, base + "_bucket", p.getAttributes(), "+Inf", Long.toString(p.getCount()));
          sample(out, base + "_sum", p.getAttributes(), null, number(p.getSum()));
          sample(out, base + "_count", p.getAttributes(), null, Long.toString(p.getCount()));
        }
      }
      default -> {
        // Exponential histograms and summaries: none are made here.
      }
    }
  }

  private static <P extends PointData> List<P> sorted(java.util.Collection<P> points) {
    List<P> l = new ArrayList<>(points);
    l.sort(Comparator.comparing(p -> p.getAttributes().toString()));
    return l;
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ')
        .append(help == null ? "" : help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, Attributes attributes, String le, String value) {
    out.append(name);
    Map<String, String> labels = new TreeMap<>();
    attributes.forEach((AttributeKey<?> k, Object v) -> labels.put(label(k.getKey()), String.valueOf(v)));
    if (le != null) {
      labels.put("le", le);
    }
    if (!labels.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(l.getKey()).append("=\"")
            .append(l.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  /** A metric's Prometheus name: its OpenTelemetry name, sanitised, with its unit as a suffix. */
  static String name(String otelName, String unit) {
    String n = sanitise(otelName);
    String suffix = switch (unit == null ? "" : unit.replaceAll("\\{[^}]*}", "")) {
      case "s" -> "seconds";
      case "ms" -> "milliseconds";
      case "By" -> "bytes";
      case "1" -> "ratio";
      case "" -> "";
      default -> sanitise(unit);
    };
    return suffix.isEmpty() || n.endsWith("_" + suffix) ? n : n + "_" + suffix;
  }

  private static String label(String key) {
    String l = sanitise(key);
    return Character.isDigit(l.charAt(0)) ? "_" + l : l;
  }

  private static String sanitise(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || (c == ':' && i > 0);
      b.append(ok ? c : '_');
    }
    return b.toString().replaceAll("__+", "_");
  }

  private static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
