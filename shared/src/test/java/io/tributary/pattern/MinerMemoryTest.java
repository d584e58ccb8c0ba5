package io.tributary.pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.parse.LogLineParser;
import io.tributary.parse.LoghubCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mines a million lines, the Loghub corpus over and over with every number and id varied as real
 * ones vary (other values, other lengths), one stream per system, and reports what the miners
 * keep: clusters and the size of their saved state. Both must stay bounded, near the number of
 * statements in the corpus, however many lines go by.
 */
class MinerMemoryTest {

  static final int LINES = 1_000_000;

  @Test
  void aMillionVariedLinesKeepTheStateBounded() {
    LogLineParser parser = new LogLineParser();
    MinerRegistry registry = new MinerRegistry();
    TenantId tenant = TenantId.of("acme");
    List<String[]> bodies = new ArrayList<>();
    for (String system : LoghubCorpus.SYSTEMS) {
      for (String line : LoghubCorpus.lines(system)) {
        bodies.add(new String[] {system, parser.parse(line, 0).body()});
      }
    }
    Random random = new Random(1);
    StringBuilder varied = new StringBuilder(256);
    long start = System.nanoTime();
    for (int i = 0; i < LINES; i++) {
      String[] b = bodies.get(i % bodies.size());
      registry.mine(tenant, b[0], vary(b[1], random, varied));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    int clusters = 0;
    long bytes = 0;
    for (String system : LoghubCorpus.SYSTEMS) {
      PatternMiner m = registry.miner(tenant, system);
      clusters += m.clusterCount();
      bytes += m.toJson().length;
    }
    System.out.printf(Locale.ROOT, "miner memory: %,d lines, %d streams, %,d clusters, %,d bytes of saved state"
        + " (%.1f KB), %,d bytes retained (estimate), %,d ms; bounds: %,d clusters and %,d bytes per miner,"
        + " %,d bytes per registry%n", LINES, LoghubCorpus.SYSTEMS.size(), clusters, bytes, bytes / 1024.0,
        registry.retainedBytes(), millis, MinerOptions.DEFAULT_MAX_CLUSTERS, MinerOptions.defaults().maxRetainedBytes(),
        registry.maxRetainedBytes());
    assertTrue(clusters < 1_000, "clusters " + clusters);
    assertTrue(bytes < 512 * 1024, "state bytes " + bytes);
  }

  /** The body with every run of digits replaced by a random number of 1 to 9 digits. */
  private static String vary(String body, Random random, StringBuilder out) {
    out.setLength(0);
    int n = body.length();
    for (int i = 0; i < n; i++) {
      char c = body.charAt(i);
      if (c >= '0' && c <= '9') {
        while (i + 1 < n && Character.isDigit(body.charAt(i + 1))) {
          i++;
        }
        int digits = 1 + random.nextInt(9);
        out.append((char) ('1' + random.nextInt(9)));
        for (int d = 1; d < digits; d++) {
          out.append((char) ('0' + random.nextInt(10)));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
