package io.tributary.parse;

import io.tributary.event.Severity;
import java.util.Map;

/**
 * The state of one walk over a line's header: what the {@link HeaderRule}s have recognised so far
 * and where the walk stands. Used by one thread for one line, then dropped.
 */
final class HeaderScan {

  /** What the previous header token was; some rules only apply after certain tokens. */
  enum Previous { START, TIME, NUMBER, SEPARATOR, LEVEL, BRACKET, COMPONENT, PENDING }

  static final int MAX_PENDING = 5;

  final String line;
  /** The header is looked for in {@code [0, limit)}. */
  final int limit;
  final TimestampMatch[] times;
  final int timeCount;

  Previous previous = Previous.START;
  int timesConsumed;
  boolean syslog;
  boolean rfc5424;
  boolean done;
  /** A bracketed request context after the logger was skipped; a second bracket is body. */
  boolean contextSeen;
  /** Where the body starts when a rule decides it (else where the walk stopped). */
  int bodyStart = -1;

  Severity severity;
  String severityText;
  Severity prioritySeverity;
  String priorityText;
  String component;
  String host;
  String pid;
  String thread;
  Map<String, Object> attributes;

  /** Tokens that look like header fields but are not confirmed yet (node ids, hosts, loggers). */
  int pendingCount;
  final int[] pendingStarts = new int[MAX_PENDING];
  final int[] pendingEnds = new int[MAX_PENDING];
  int firstPendingStart = -1;
  int lastPendingStart = -1;
  int lastPendingEnd = -1;

  HeaderScan(String line, int limit, TimestampMatch[] times, int timeCount) {
    this.line = line;
    this.limit = limit;
    this.times = times;
    this.timeCount = timeCount;
  }

  /** The timestamp candidate starting exactly at {@code pos}, or null. */
  TimestampMatch timeAt(int pos) {
    for (int i = 0; i < timeCount; i++) {
      if (times[i].start() == pos) {
        return times[i];
      }
    }
    return null;
  }

  /** The first timestamp candidate starting after {@code pos}, or null. */
  TimestampMatch timeAhead(int pos) {
    for (int i = 0; i < timeCount; i++) {
      if (times[i].start() > pos) {
        return times[i];
      }
    }
    return null;
  }

  boolean levelSeen() {
    return severity != null;
  }

  void level(Severity s, String text) {
    severity = s;
    severityText = text;
    previous = Previous.LEVEL;
  }

  void pending(int start, int end) {
    if (pendingCount == 0) {
      firstPendingStart = start;
    }
    pendingStarts[pendingCount] = start;
    pendingEnds[pendingCount] = end;
    lastPendingStart = start;
    lastPendingEnd = end;
    pendingCount++;
    previous = Previous.PENDING;
  }

  /**
   * The pending tokens are header after all ({@code by} tells what confirmed them): the one right
   * before a level or a {@code -} separator names the component, and the first other one that
   * looks like a host name is the host.
   */
  void confirmPending(Previous by) {
    if (pendingCount == 0) {
      return;
    }
    if ((by == Previous.LEVEL || by == Previous.SEPARATOR) && component == null) {
      component = line.substring(lastPendingStart, lastPendingEnd);
    }
    for (int i = 0; i < pendingCount && host == null; i++) {
      int start = pendingStarts[i];
      int end = pendingEnds[i];
      boolean isComponent = start == lastPendingStart && component != null && (by == Previous.LEVEL || by == Previous.SEPARATOR);
      if (!isComponent && looksLikeHost(start, end)) {
        host = line.substring(start, end);
      }
    }
    pendingCount = 0;
  }

  /** Host names and node ids: letters, digits, {@code - . / :}, at least one letter, not a path. */
  boolean looksLikeHost(int start, int end) {
    boolean letter = false;
    if (line.charAt(start) == '/' || end - start > 64) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      if (Chars.isLetter(c)) {
        letter = true;
      } else if (!Chars.isDigit(c) && c != '-' && c != '.' && c != '/' && c != ':') {
        return false;
      }
    }
    return letter;
  }

  void attribute(String key, Object value) {
    if (attributes == null) {
      attributes = new java.util.LinkedHashMap<>();
    }
    attributes.putIfAbsent(key, value);
  }
}
