package io.tributary.parse;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import java.util.Map;

/**
 * A minimal parser: an ISO-8601 date-time at the start of the line ({@code 2015-07-29 17:41:44,747})
 * and the first level word among the first few tokens ({@code INFO}, {@code [error]}). It stands in
 * until the rule-driven parser lands.
 */
public final class BasicLineParser implements LineParser {

  private static final int LEVEL_SEARCH_TOKENS = 8;

  @Override
  public ParsedLine parse(String line, long referenceNanos) {
    long time = LogEvent.UNSET_TIME;
    if (line.length() >= 19) {
      int end = 19;
      if (end < line.length() && (line.charAt(end) == ',' || line.charAt(end) == '.')) {
        end++;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
          end++;
        }
      }
      time = Timestamps.parse(line.substring(0, end));
    }
    Severity severity = null;
    String severityText = null;
    int tokens = 0;
    int i = 0;
    int n = line.length();
    while (i < n && tokens < LEVEL_SEARCH_TOKENS && severity == null) {
      while (i < n && !Character.isLetter(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetter(line.charAt(i))) {
        i++;
      }
      if (i > start + 1) {
        String word = line.substring(start, i);
        Severity s = Severity.parse(word);
        if (s != null) {
          severity = s;
          severityText = word;
        }
        tokens++;
      }
    }
    return new ParsedLine(time, severity, severityText, null, null, null, null, Map.of());
  }
}
