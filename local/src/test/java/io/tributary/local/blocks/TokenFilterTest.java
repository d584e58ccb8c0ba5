package io.tributary.local.blocks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenFilterTest {

  @Test
  void afterFoldingEveryAddedTokenIsFoundAndFewOthersAre() {
    Random r = new Random(5);
    int distinct = 50_000;
    long[] tokens = new long[distinct];
    for (int i = 0; i < distinct; i++) {
      tokens[i] = r.nextLong();
    }
    // Sized for ten times as many additions as there are distinct tokens, as a block of repeated words is.
    TokenFilter f = TokenFilter.forTokens(distinct * 10L);
    for (int rep = 0; rep < 10; rep++) {
      for (long t : tokens) {
        f.add(t);
      }
    }
    TokenFilter folded = f.folded();
    assertTrue(folded.sizeBytes() < f.sizeBytes() / 4, "folded from " + f.sizeBytes() + " to " + folded.sizeBytes());
    for (long t : tokens) {
      assertTrue(folded.mightContain(t), "no false negatives");
    }
    int falseHits = 0;
    int probes = 200_000;
    for (int i = 0; i < probes; i++) {
      if (folded.mightContain(r.nextLong())) {
        falseHits++;
      }
    }
    assertTrue(falseHits < probes * 0.03, "false hits: " + falseHits + " of " + probes);
  }
}
