package io.tributary.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run compare --seconds S [--rounds N]}: {@link IngestScenario}'s measurement and the Kafka
 * anchor back to back, reduced to the two rates, their ratio and the two p99s. With
 * {@code --rounds N} the pair runs N times in turn (a new server each round) and the ratio reported
 * is the median of the rounds' ratios, each round's figures beside it: on two shared cores either
 * side moves 10-20 % from run to run, so one pair decides little.
 */
final class CompareScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    int rounds = Math.max(1, h.intFlag("rounds", 1));
    List<Map<String, Object>> each = new ArrayList<>();
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      if (i > 0) {
        // Each round starts both systems on fresh folders, as the first did.
        Harness.deleteTree(h.work.resolve("tributary"));
        Harness.deleteTree(h.work.resolve("kafka"));
      }
      Map<String, Object> r = round(h);
      ratios[i] = ((Number) r.get("tributary_events_per_s")).doubleValue()
          / ((Number) r.get("kafka_events_per_s")).doubleValue();
      each.add(r);
    }
    if (rounds == 1) {
      return each.get(0);
    }
    Arrays.sort(ratios);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ratio", Harness.round(median(ratios)));
    out.put("ratios", Arrays.stream(ratios).map(Harness::round).boxed().toList());
    List<Object> kafka = each.stream().map(r -> r.get("kafka_events_per_s")).toList();
    out.put("tributary_events_per_s", each.stream().map(r -> r.get("tributary_events_per_s")).toList());
    out.put("kafka_events_per_s", kafka);
    out.put("rounds", each);
    out.put("anchor", Harness.anchor("Apache Kafka in this process, the same events, acks=all, a run beside each of"
        + " Tributary's", Map.of("events_per_s", kafka)));
    return out;
  }

  /** One pair: Tributary's measurement, then the Kafka anchor's. */
  private static Map<String, Object> round(Harness h) throws Exception {
    Map<String, Object> t = IngestScenario.measure(h);
    Map<String, Object> k = KafkaAnchorScenario.measure(h);
    Map<String, Object> out = new LinkedHashMap<>();
    double te = ((Number) t.get("events_per_s")).doubleValue();
    double ke = ((Number) k.get("events_per_s")).doubleValue();
    out.put("tributary_events_per_s", Math.round(te));
    out.put("kafka_events_per_s", Math.round(ke));
    out.put("ratio", Harness.round(te / ke));
    out.put("tributary_p99_ms", t.get("p99_ms"));
    out.put("kafka_p99_ms", k.get("p99_ms"));
    out.put("tributary_server_cpu_cores", t.get("server_cpu_cores"));
    out.put("tributary_server_cpu_cores_by_role", t.get("server_cpu_cores_by_role"));
    out.put("tributary_server_peak_rss_mb", t.get("server_peak_rss_mb"));
    out.put("tributary_encoding", t.get("encoding"));
    out.put("tributary_server_roles", t.get("server_roles"));
    out.put("kafka_producers", k.get("producers"));
    out.put("anchor", Harness.anchor("Apache Kafka in this process, the same events, acks=all",
        Map.of("events_per_s", Math.round(ke), "p99_ms", k.get("p99_ms"))));
    return out;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
