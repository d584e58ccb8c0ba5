package io.tributary.parse;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import java.util.Map;

/**
 * The generic, rule-driven line parser. It finds the line's timestamps with the
 * {@link TimestampRule} table, walks the header with the {@link HeaderRule} table (level,
 * process and thread ids, host, component), marks where the body starts, and reads
 * {@code key=value} pairs from the body ({@link KeyValuePairs}). A logfmt line
 * ({@code time=2024-05-01T12:00:00Z level=warn msg="disk almost full" logger=storage}) takes its
 * time, level, component and body (the message) from the well-known keys, and so does a line that
 * is one JSON object ({@link JsonLine}). When the header gives
 * no level, a level word opening the body ({@code error: ...}), the syslog priority, or a word that
 * implies a level ({@link SeverityKeyword}) is used. No rule belongs to one data set; each serves a
 * family of formats.
 *
 * <p>Of several timestamps in a line the most complete wins (a date and time over a yearless one,
 * over an epoch number, over a date alone); a yearless one takes its year from a date or epoch
 * elsewhere in the line, else from the reference time. Times without a zone are UTC.
 *
 * <p>Never throws and never rejects: a line it cannot read comes back with its whole text as the
 * body and nothing else set. Only the first {@value #HEADER_LIMIT} characters are searched for a
 * header, so cost is bounded for very long lines. Stateless and thread-safe.
 */
public final class LogLineParser implements LineParser {

  /** How far into a line the header (and its timestamps) is looked for. */
  public static final int HEADER_LIMIT = 320;
  /** At most this many header tokens are walked. */
  static final int MAX_HEADER_TOKENS = 18;
  static final int MAX_TIME_CANDIDATES = 6;
  static final int TIME_SEARCH_TOKENS = 14;
  private static final String[] LOGFMT_LEVEL = {"level", "lvl", "severity", "loglevel"};
  private static final String[] LOGFMT_TIME = {"time", "ts", "timestamp", "t"};
  private static final String[] LOGFMT_COMPONENT = {"logger", "component", "module", "caller", "source"};
  private static final String[] LOGFMT_MESSAGE = {"msg", "message"};

  @Override
  public ParsedLine parse(String line, long referenceNanos) {
    if (line == null || line.isEmpty()) {
      return new ParsedLine(LogEvent.UNSET_TIME, null, null, null, null, null, null, Map.of(), line == null ? "" : line);
    }
    try {
      if (JsonLine.looksLikeJson(line)) {
        ParsedLine json = JsonLine.parse(line, referenceNanos);
        if (json != null) {
          return json;
        }
      }
      return parseLine(line, referenceNanos);
    } catch (RuntimeException e) {
      // A rule bug must not cost the line: keep it whole, unparsed.
      return new ParsedLine(LogEvent.UNSET_TIME, null, null, null, null, null, null, Map.of(), line);
    }
  }

  private ParsedLine parseLine(String line, long referenceNanos) {
    int limit = Math.min(line.length(), HEADER_LIMIT);
    TimestampMatch[] times = new TimestampMatch[MAX_TIME_CANDIDATES];
    int timeCount = findTimes(line, limit, times);
    HeaderScan h = new HeaderScan(line, limit, times, timeCount);
    int pos = walkHeader(h);
    int bodyStart = h.bodyStart >= 0 ? h.bodyStart : pos;
    if (h.pendingCount > 0) {
      bodyStart = h.firstPendingStart;
    }
    bodyStart = Chars.skipSpaces(line, Math.min(bodyStart, line.length()), line.length());
    KeyValuePairs.scan(line, bodyStart, line.length(), h);
    String body = bodyStart == 0 ? line : line.substring(bodyStart);
    long time = resolveTime(times, timeCount, bodyStart, referenceNanos);
    if (h.attributes != null && isPair(line, bodyStart)) {
      Object message = first(h.attributes, LOGFMT_MESSAGE);
      if (message instanceof String) {
        body = (String) message;
      }
      if (time == LogEvent.UNSET_TIME) {
        time = timeValue(first(h.attributes, LOGFMT_TIME), referenceNanos);
      }
      Object level = first(h.attributes, LOGFMT_LEVEL);
      if (h.severity == null && level instanceof String && Severity.parse((String) level) != null) {
        h.level(Severity.parse((String) level), (String) level);
      }
      Object logger = first(h.attributes, LOGFMT_COMPONENT);
      if (h.component == null && logger instanceof String) {
        h.component = (String) logger;
      }
    }
    if (h.severity == null) {
      inferSeverity(h, line, bodyStart);
    }
    Map<String, Object> attributes = h.attributes == null ? Map.of() : h.attributes;
    return new ParsedLine(time, h.severity, h.severityText, h.component, h.host, h.pid, h.thread, attributes, body);
  }

  /**
   * For a line whose header has no level: a level word opening the body ({@code error: ...},
   * {@code [WARN] ...}, {@code ALERT ...}), else the syslog priority, else a word that implies one.
   */
  private static void inferSeverity(HeaderScan h, String line, int bodyStart) {
    int ws = bodyStart < line.length() && line.charAt(bodyStart) == '[' ? bodyStart + 1 : bodyStart;
    int w = HeaderRule.wordEnd(line, ws, line.length());
    Severity leading = HeaderRule.levelWord(line, ws, w);
    if (leading != null && w < line.length() && (line.charAt(w) == ':' || line.charAt(w) == ']'
        || (line.charAt(w) == ' ' && allUpper(line, ws, w)))) {
      h.level(leading, line.substring(ws, w));
    } else if (h.prioritySeverity != null) {
      h.level(h.prioritySeverity, h.priorityText);
    } else {
      long word = SeverityKeyword.find(line, bodyStart, line.length());
      if (word >= 0) {
        int start = (int) (word >>> 32);
        int end = (int) word;
        h.level(SeverityKeyword.severityOf(line, start, end), line.substring(start, end));
      }
    }
  }

  /** The time a logfmt or JSON {@code time}/{@code ts} value gives: written ({@link TimestampRule}) or an epoch number. */
  static long timeValue(Object value, long referenceNanos) {
    if (value instanceof String && !((String) value).isEmpty()) {
      String w = (String) value;
      TimestampMatch m = TimestampRule.find(w, 0, Math.min(w.length(), HEADER_LIMIT));
      return m == null ? LogEvent.UNSET_TIME : m.toNanos(referenceNanos, 0, null);
    }
    if (value instanceof Long) {
      return Timestamps.ofEpochNumber((Long) value);
    }
    if (value instanceof Double) {
      return Timestamps.ofEpochNumber((Double) value);
    }
    return LogEvent.UNSET_TIME;
  }

  /** Collects timestamp candidates at token starts (and just inside a leading bracket), in order. */
  private static int findTimes(String line, int limit, TimestampMatch[] out) {
    int count = 0;
    int pos = 0;
    if (limit > 2 && line.charAt(0) == '<') {
      // A syslog priority, <34>, sticks to the timestamp after it.
      int end = Chars.digitRunEnd(line, 1, 3);
      if (end > 1 && end < limit && line.charAt(end) == '>') {
        pos = end + 1;
      }
    }
    for (int tokens = 0; tokens < TIME_SEARCH_TOKENS && pos < limit && count < out.length; tokens++) {
      pos = Chars.skipSpaces(line, pos, limit);
      if (pos >= limit) {
        break;
      }
      int at = pos;
      char c = line.charAt(at);
      if (c == '[' || c == '|' || c == '(' || c == '<') {
        at++;
      }
      TimestampMatch m = at < limit ? TimestampRule.find(line, at, limit) : null;
      if (m != null) {
        out[count++] = m;
        if (m.kind() == TimestampKind.FULL) {
          break;
        }
        pos = m.end();
      } else {
        pos = Chars.tokenEnd(line, pos, limit);
      }
    }
    return count;
  }

  private static int walkHeader(HeaderScan h) {
    String s = h.line;
    int pos = Chars.skipSpaces(s, 0, h.limit);
    for (int tokens = 0; tokens < MAX_HEADER_TOKENS && pos < h.limit && !h.done; tokens++) {
      int next = -1;
      for (HeaderRule r : HeaderRule.RULES) {
        next = r.apply(h, pos);
        if (next >= 0) {
          break;
        }
      }
      if (next < 0) {
        break;
      }
      pos = Chars.skipSpaces(s, Math.max(next, pos + 1), s.length());
    }
    return pos;
  }

  /**
   * Settles the most complete timestamp among those in the header (those in the body count only
   * when the header has none): the first full date-time, or yearless one with the year of a date or
   * epoch in the same line, or time of day with a date of the line; else a yearless one (year from
   * the reference), a time of day (date from the reference), an epoch number, a date alone.
   */
  private static long resolveTime(TimestampMatch[] times, int count, int bodyStart, long referenceNanos) {
    int usable = 0;
    while (usable < count && times[usable].start() < bodyStart) {
      usable++;
    }
    if (usable == 0) {
      usable = count;
    }
    TimestampMatch date = null;
    TimestampMatch epoch = null;
    TimestampMatch best = null;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < usable; i++) {
      TimestampMatch m = times[i];
      int rank;
      switch (m.kind()) {
        case FULL:
          rank = 0;
          break;
        case YEARLESS:
          rank = date != null || epoch != null ? 0 : 1;
          break;
        case TIME_ONLY:
          rank = date != null ? 0 : 2;
          break;
        case EPOCH:
          rank = 3;
          if (epoch == null) {
            epoch = m;
          }
          break;
        default:
          rank = 4;
          if (date == null) {
            date = m;
          }
      }
      if (rank < bestRank) {
        best = m;
        bestRank = rank;
      }
    }
    if (best == null) {
      return LogEvent.UNSET_TIME;
    }
    int yearHint = date != null ? date.year() : epoch != null ? TimestampMatch.yearOf(epoch.epochNanos()) : 0;
    return best.toNanos(referenceNanos, yearHint, date);
  }

  /** True when a {@code key=value} pair opens the text at {@code at}: a logfmt line. */
  private static boolean isPair(String s, int at) {
    int i = at;
    while (i < s.length() && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
      i++;
    }
    return i > at && i < s.length() && s.charAt(i) == '=' && Chars.isLetter(s.charAt(at));
  }

  private static Object first(Map<String, Object> attributes, String[] keys) {
    for (String k : keys) {
      Object v = attributes.get(k);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static boolean allUpper(String s, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Chars.isUpper(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
