package io.tributary.local.lucene;

import io.tributary.query.Words;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits messages into exactly the words {@link Words} defines (runs of letters and digits,
 * lower-cased), so the index and the query side can never disagree on what a word is.
 */
final class WordAnalyzer extends Analyzer {

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new WordTokenizer());
  }

  private static final class WordTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final StringBuilder text = new StringBuilder();
    private final char[] chunk = new char[4096];
    private Iterator<String> words = List.<String>of().iterator();

    @Override
    public void reset() throws IOException {
      super.reset();
      text.setLength(0);
      int n;
      while ((n = input.read(chunk)) > 0) {
        text.append(chunk, 0, n);
      }
      words = Words.of(text.toString()).iterator();
    }

    @Override
    public boolean incrementToken() {
      if (!words.hasNext()) {
        return false;
      }
      clearAttributes();
      term.setEmpty().append(words.next());
      return true;
    }
  }
}
