package io.tributary.ingest.loki;

import java.util.Arrays;
import java.util.List;

/**
 * Which Loki stream labels name an event's service and host: the first of {@link #service} (in
 * order) that a stream has, and likewise {@link #host}; the label used is not kept again as an
 * attribute. Set once at start-up from {@code TRIBUTARY_LOKI_SERVICE_LABELS} and
 * {@code TRIBUTARY_LOKI_HOST_LABELS} ({@link #configure}); ingest and processing of one app read
 * the same setting, so a frame replays as it was judged (a change applies to frames processed
 * after it).
 *
 * @param service label names for the service, in order of preference
 * @param host label names for the host, in order of preference
 */
public record LokiLabels(List<String> service, List<String> host) {

  /** Grafana's own ({@code service_name}, which Loki derives), then the labels Promtail and Alloy set. */
  public static final LokiLabels DEFAULT = new LokiLabels(List.of("service_name", "service", "app", "job"),
      List.of("host", "hostname", "instance"));

  /** The labels and structured metadata read as the severity (Loki's {@code detected_level} among them). */
  static final List<String> LEVEL = List.of("level", "detected_level", "severity", "lvl");

  private static volatile LokiLabels current = DEFAULT;

  public LokiLabels {
    service = List.copyOf(service);
    host = List.copyOf(host);
  }

  /** A comma-separated list of label names (a setting's value); blank: {@code dflt}. */
  public static List<String> names(String setting, List<String> dflt) {
    if (setting == null || setting.isBlank()) {
      return dflt;
    }
    return Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The mapping in force. */
  public static LokiLabels current() {
    return current;
  }

  /** Sets the mapping at start-up (the app's settings). */
  public static void configure(LokiLabels labels) {
    current = labels;
  }
}
