package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.testing.Loghub;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void wordsAreRunsOfLettersAndDigitsLowerCased() {
    assertEquals(List.of("blk", "1608", "error", "日本語", "ñandú", "straße"), Words.of("blk_-1608 ERROR: 日本語 ÑANDÚ Straße"));
    assertEquals(List.of(), Words.of(" --- ::: "));
  }

  @Test
  void anAttributeHashesTheSameAsItsTextWhateverItsType() {
    for (long v : new long[] {0, 7, -7, 1234567890123L, Long.MIN_VALUE, Long.MAX_VALUE}) {
      assertEquals(Words.attributeHash("k", Long.toString(v)), Words.attributeHash("k", v));
    }
    assertEquals(Words.attributeHash("ok", "true"), Words.attributeHash("ok", Boolean.TRUE));
    org.junit.jupiter.api.Assertions.assertNotEquals(Words.attributeHash("a", "bc"), Words.attributeHash("ab", "c"));
  }

  @Test
  void hashesMatchTheWordsOnEveryLoghubLine() {
    for (String system : Loghub.SYSTEMS) {
      for (String line : Loghub.lines(system)) {
        List<Long> fromWords = Words.of(line).stream().map(Words::hash).toList();
        List<Long> streamed = new ArrayList<>();
        Words.forEachHash(line, streamed::add);
        assertEquals(fromWords, streamed, line);
      }
    }
    List<Long> odd = new ArrayList<>();
    String mixed = "İstanbul ΣΊΣΥΦΟΣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 caféCRÈME naïve x" + "a".repeat(300) + "é" + "b".repeat(300);
    Words.forEachHash(mixed, odd::add);
    assertEquals(Words.of(mixed).stream().map(Words::hash).toList(), odd);
  }
}
