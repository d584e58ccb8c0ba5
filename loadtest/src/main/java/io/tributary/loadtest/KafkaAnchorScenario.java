package io.tributary.loadtest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code run anchor-kafka --seconds S [--producers P] [--rate R]}: the anchor of the ingest
 * figures, alone: the corpus's events into an Apache Kafka broker started in this process
 * ({@link KafkaAnchor}).
 */
final class KafkaAnchorScenario implements Scenario {

  @Override
  public Map<String, Object> run(Harness h) throws Exception {
    Map<String, Object> out = measure(h);
    out.put("anchor", Harness.anchor("this run is the anchor (Apache Kafka in this process)", Map.of()));
    return out;
  }

  static Map<String, Object> measure(Harness h) throws Exception {
    Corpus corpus = h.corpus();
    Random r = new Random(42);
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      for (String line : new String(corpus.ndjsonBatch(1000, r, Instant.now().toEpochMilli(), null),
          StandardCharsets.UTF_8).split("\n")) {
        events.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    KafkaAnchor.Result k = KafkaAnchor.run(h.work.resolve("kafka"), events, h.intFlag("producers", 4), h.rate(),
        h.warmup(), h.seconds());
    Map<String, Object> out = new LinkedHashMap<>(
        Harness.report("kafka", k.events() / k.seconds(), k.rawBytes() / k.seconds(), k.latencyMicros()));
    out.put("producers", h.intFlag("producers", 4));
    out.put("rate", h.rate());
    Harness.print(out);
    return out;
  }
}
