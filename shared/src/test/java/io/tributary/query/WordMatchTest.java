package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testing.Loghub;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordMatchTest {

  @Test
  void everyWordMustOccurAsAWordOfItsOwn() {
    WordMatch m = WordMatch.of(Words.of("connection refused"));
    assertTrue(m.allIn("ERROR: Connection REFUSED by peer"));
    assertFalse(m.allIn("connection reset"));
    assertFalse(m.allIn("connections refused"), "a longer word is another word");
    assertTrue(WordMatch.of(List.of()).allIn("anything"));
  }

  @Test
  void repeatsCountOnce() {
    WordMatch m = WordMatch.of(List.of("a", "b", "a", "a", "b"));
    assertEquals(List.of("a", "b"), m.words());
    assertTrue(m.allIn("b then a"));
  }

  @Test
  void agreesWithWordsOfOnEveryLoghubLine() {
    for (String system : Loghub.SYSTEMS) {
      List<String> lines = Loghub.lines(system);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        List<String> own = Words.of(line);
        List<String> other = Words.of(lines.get((i + 7) % lines.size()));
        List<String> query = new ArrayList<>();
        query.addAll(own.subList(0, Math.min(3, own.size())));
        query.addAll(other.subList(0, Math.min(2, other.size())));
        boolean expected = new HashSet<>(own).containsAll(query);
        assertEquals(expected, WordMatch.of(query).allIn(line), system + ": " + line + " / " + query);
      }
    }
  }

  @Test
  void moreThan64DistinctWordsAreRefused() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i <= WordMatch.MAX_WORDS; i++) {
      words.add("w" + i);
    }
    assertThrows(IllegalArgumentException.class, () -> WordMatch.of(words));
  }
}
