package io.tributary.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run compare --seconds S}: {@link IngestScenario}'s measurement and the Kafka anchor back
 * to back, reduced to the two rates, their ratio and the two p99s.
 */
final class CompareScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
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
}
