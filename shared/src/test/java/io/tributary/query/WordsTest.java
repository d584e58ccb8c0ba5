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

  @Test
  void containsAgreesWithTheWordsOnEveryLoghubLine() {
    java.util.Random random = new java.util.Random(12);
    String mixed = "İstanbul ΣΊΣΥΦΟΣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 caféCRÈME naïve x" + "a".repeat(300) + "é" + "b".repeat(300);
    List<String> texts = new ArrayList<>(List.of(mixed, "", " --- ", "blk_-1608 ERROR:"));
    for (String system : Loghub.SYSTEMS) {
      texts.addAll(Loghub.lines(system).subList(0, 200));
    }
    int held = 0;
    for (String text : texts) {
      List<String> words = Words.of(text);
      // Every word of the line, a word of another line, and near misses: a prefix, a longer word.
      List<String> asked = new ArrayList<>(words);
      asked.addAll(Words.of(texts.get(random.nextInt(texts.size()))));
      for (String w : words) {
        asked.add(w.substring(0, w.length() - 1));
        asked.add(w + "x");
      }
      for (String w : asked) {
        if (w.isEmpty()) {
          continue;
        }
        boolean expected = words.contains(w);
        assertEquals(expected, Words.contains(text, w), () -> w + " in " + text);
        assertEquals(words.stream().anyMatch(x -> x.startsWith(w)), Words.anyStartsWith(text, w),
            () -> w + "* in " + text);
        held += expected ? 1 : 0;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(held > 1000, "the words asked include the line's own");
    // A run longer than a word is cut into pieces of MAX_WORD_LENGTH: x and 254 a, 46 a é 208 b, 92 b.
    org.junit.jupiter.api.Assertions.assertTrue(Words.contains(mixed, "x" + "a".repeat(254)));
    org.junit.jupiter.api.Assertions.assertTrue(Words.contains(mixed, "a".repeat(46) + "é" + "b".repeat(208)));
    org.junit.jupiter.api.Assertions.assertTrue(Words.contains(mixed, "b".repeat(92)));
    org.junit.jupiter.api.Assertions.assertFalse(Words.contains(mixed, "a".repeat(300)));
  }
}
