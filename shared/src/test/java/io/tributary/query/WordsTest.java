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
    Words.forEachHash("İstanbul ΣΊΣΥΦΟΣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", odd::add);
    assertEquals(Words.of("İstanbul ΣΊΣΥΦΟΣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢").stream().map(Words::hash).toList(), odd);
  }
}
