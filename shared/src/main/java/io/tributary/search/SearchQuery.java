package io.tributary.search;

import io.tributary.query.LogQuery;
import java.util.List;

/**
 * A full-text question: the structured filters, words, order and page of a {@link LogQuery}, and
 * phrases that must occur in the message as consecutive words (see {@link io.tributary.query.Words}).
 */
public record SearchQuery(LogQuery filter, List<String> phrases) {

  public SearchQuery {
    phrases = List.copyOf(phrases);
  }

  public static SearchQuery of(LogQuery filter) {
    return new SearchQuery(filter, List.of());
  }
}
