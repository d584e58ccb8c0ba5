package io.tributary.parse;

import io.tributary.event.Severity;
import io.tributary.parse.HeaderScan.Previous;

/**
 * The header-layout table. A line's header is walked token by token from the left; at each token
 * the first rule that applies consumes it and records what it is. The walk ends when a rule says
 * the body starts, or when no rule applies (the body starts there). Each rule is one layout habit
 * shared by many formats, not one format; the examples show lines it serves.
 */
enum HeaderRule {

  /**
   * A syslog priority at the very start, {@code <34>}, whose low three bits are the severity
   * (RFC 3164 and 5424); a following {@code 1 } marks the RFC 5424 layout.
   * {@code <34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8}
   */
  SYSLOG_PRIORITY {
    @Override
    int apply(HeaderScan h, int pos) {
      String s = h.line;
      if (pos != 0 || s.charAt(0) != '<') {
        return -1;
      }
      int end = Chars.digitRunEnd(s, 1, 3);
      if (end == 1 || end >= h.limit || s.charAt(end) != '>') {
        return -1;
      }
      int pri = Chars.digits(s, 1, end - 1);
      if (pri > 191) {
        return -1;
      }
      h.prioritySeverity = Severity.parse(String.valueOf(pri % 8));
      h.priorityText = SYSLOG_LEVELS[pri % 8];
      int next = end + 1;
      if (next + 1 < h.limit && s.charAt(next) == '1' && s.charAt(next + 1) == ' ') {
        h.rfc5424 = true;
        next += 2;
      }
      return next;
    }
  },

  /**
   * A timestamp the {@link TimestampRule} table found here, bare or in a bracket, with a trailing
   * comma: {@code 2015-07-29 17:41:44,747 - INFO ...}, {@code [Sun Dec 04 04:47:44 2005] [error] ...},
   * {@code 2016-09-28 04:30:30, Info CBS ...}. One that starts with a month name opens the BSD
   * syslog layout (host, then tag); glog's level letter before the date is the level
   * ({@code I0501 12:30:00.123456 1234 server.go:123] ...}).
   */
  TIMESTAMP {
    @Override
    int apply(HeaderScan h, int pos) {
      String s = h.line;
      TimestampMatch m = h.timeAt(pos);
      int end;
      boolean bracketed = false;
      if (m != null) {
        end = m.end();
      } else if (s.charAt(pos) == '[' && (m = h.timeAt(pos + 1)) != null && m.end() < s.length()
          && s.charAt(m.end()) == ']') {
        end = m.end() + 1;
        bracketed = true;
      } else {
        return -1;
      }
      if (end < s.length() && s.charAt(end) == ',') {
        end++;
      }
      h.timesConsumed++;
      h.syslog = !bracketed && !h.rfc5424 && m.kind() != TimestampKind.EPOCH && Chars.month(s, m.start()) != 0;
      char first = s.charAt(m.start());
      if (!h.levelSeen() && "IWEF".indexOf(first) >= 0 && Chars.isDigit(s.charAt(m.start() + 1))) {
        h.level(Severity.parse(String.valueOf(first)), String.valueOf(first));
      }
      h.confirmPending(Previous.TIME);
      h.previous = Previous.TIME;
      return end;
    }
  },

  /**
   * The RFC 5424 fields after its timestamp: host, app, process id, message id and structured data,
   * {@code -} for each one absent. {@code <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog
   * - ID47 [exampleSDID@32473 iut="3"] An application event}
   */
  RFC5424_FIELDS {
    @Override
    int apply(HeaderScan h, int pos) {
      if (!h.rfc5424 || h.timesConsumed == 0) {
        return -1;
      }
      String s = h.line;
      String[] fields = new String[4];
      int i = pos;
      for (int f = 0; f < 4; f++) {
        int end = Chars.tokenEnd(s, i, s.length());
        if (end == i) {
          break;
        }
        String v = s.substring(i, end);
        fields[f] = "-".equals(v) ? null : v;
        i = Chars.skipSpaces(s, end, s.length());
      }
      h.host = fields[0];
      h.component = fields[1];
      h.pid = fields[2];
      if (fields[3] != null) {
        h.attribute("msgid", fields[3]);
      }
      if (i < s.length() && s.charAt(i) == '-' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
        i++;
      } else {
        while (i < s.length() && s.charAt(i) == '[') {
          int close = closing(s, i, s.length());
          if (close < 0) {
            break;
          }
          KeyValuePairs.scan(s, i + 1, close, h);
          i = close + 1;
        }
      }
      h.done = true;
      h.bodyStart = Chars.skipSpaces(s, i, s.length());
      return h.bodyStart;
    }
  },

  /**
   * In the BSD syslog layout, the host and then the tag {@code program[pid]:} before the message:
   * {@code Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster},
   * {@code Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass},
   * {@code Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure},
   * {@code Jul  8 07:29:50 host Google Chrome Helper[36826]: Libraries: ...}.
   */
  SYSLOG_HOST_AND_TAG {
    @Override
    int apply(HeaderScan h, int pos) {
      if (!h.syslog || h.previous != Previous.TIME || h.component != null) {
        return -1;
      }
      String s = h.line;
      int end = Chars.tokenEnd(s, pos, s.length());
      int tagStart = pos;
      if (s.charAt(end - 1) != ':' && s.indexOf('[', pos) != pos && !hasPidBracket(s, pos, end)) {
        h.host = s.substring(pos, end);
        tagStart = Chars.skipSpaces(s, end, s.length());
      }
      int colon = tagColon(s, tagStart, Math.min(s.length(), tagStart + 160));
      h.done = true;
      if (colon < 0) {
        h.bodyStart = tagStart;
        return tagStart;
      }
      tag(h, s, tagStart, colon);
      h.bodyStart = Chars.skipSpaces(s, colon + 1, s.length());
      return h.bodyStart;
    }
  },

  /**
   * A bracketed header field: a level ({@code [error]}, {@code [core:error]}), a process
   * ({@code [pid 35708:tid 4328636416]}, {@code [1234]}), a log4j location
   * {@code [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774]} (thread, then class),
   * a {@code [client 10.0.0.1]} pair, seconds since boot as the kernel writes them
   * ({@code [    2.345678] usb 1-1: new device}), a thread ({@code [main]}) or, after the logger, a
   * request context ({@code [req-38101a0b-... - - -]}), which is skipped.
   */
  BRACKET {
    @Override
    int apply(HeaderScan h, int pos) {
      String s = h.line;
      if (s.charAt(pos) != '[' || h.pendingCount > 0) {
        return -1;
      }
      int close = closing(s, pos, Math.min(s.length(), pos + 256));
      if (close < 0 || close + 1 < s.length() && !Chars.isSpace(s.charAt(close + 1))
          && s.charAt(close + 1) != ':' && s.charAt(close + 1) != '[') {
        return -1;
      }
      int a = Chars.skipSpaces(s, pos + 1, close);
      int b = close;
      while (b > a && Chars.isSpace(s.charAt(b - 1))) {
        b--;
      }
      Severity level = levelWord(s, a, b);
      int colon = lastIndexOf(s, ':', a, b);
      int at = lastIndexOf(s, '@', a, b);
      int space = indexOf(s, ' ', a, b);
      if (level != null) {
        if (h.levelSeen()) {
          return -1;
        }
        h.level(level, s.substring(a, b));
      } else if (colon > a && !h.levelSeen() && levelWord(s, colon + 1, b) != null) {
        h.level(levelWord(s, colon + 1, b), s.substring(colon + 1, b));
        if (h.component == null) {
          h.component = s.substring(a, colon);
        }
      } else if (Chars.regionMatchesIgnoreCase(s, a, "pid ") && Chars.isDigit(s.charAt(a + 4))) {
        int pidEnd = Chars.digitRunEnd(s, a + 4, 12);
        h.pid = s.substring(a + 4, pidEnd);
        if (Chars.regionMatchesIgnoreCase(s, pidEnd, ":tid ")) {
          h.thread = s.substring(pidEnd + 5, Chars.digitRunEnd(s, pidEnd + 5, 24));
        }
      } else if (b > a && Chars.digitRunEnd(s, a, 12) == b && h.pid == null) {
        h.pid = s.substring(a, b);
      } else if (at > a && at + 1 < b && Chars.digitRunEnd(s, at + 1, 12) == b) {
        int classStart = colon > a && colon < at ? colon + 1 : a;
        if (h.component == null) {
          h.component = s.substring(classStart, at);
        }
        if (classStart > a && h.thread == null) {
          h.thread = s.substring(a, classStart - 1);
        }
        h.attribute("line", Long.parseLong(s, at + 1, b, 10));
      } else if (space > a && indexOf(s, ' ', space + 1, b) < 0 && Chars.isLower(s.charAt(a))
          && wordEnd(s, a, space) == space && (h.levelSeen() || h.thread != null)) {
        h.attribute(s.substring(a, space), s.substring(space + 1, b));
      } else if (b > a && isDecimal(s, a, b)) {
        h.attribute("uptime", Double.parseDouble(s.substring(a, b)));
      } else if (h.thread == null && h.component == null) {
        h.thread = s.substring(a, b);
      } else if (h.contextSeen || !h.levelSeen() && h.component == null) {
        return -1;
      } else {
        h.contextSeen = true;
      }
      h.previous = Previous.BRACKET;
      return close + 1;
    }
  },

  /**
   * A level word: upper case anywhere in the header ({@code INFO}, {@code WARNING}, {@code FATAL},
   * {@code SEVERE}), any case right after the time ({@code 2016-09-28 04:30:30, Info CBS ...}),
   * Android's single letter after the process and thread ids
   * ({@code 03-17 16:13:38.811  1702  2395 D WindowManager: ...}), or logcat's brief form
   * {@code D/dalvikvm( 1234): GC freed}. A level followed by a colon ends the header.
   */
  LEVEL {
    @Override
    int apply(HeaderScan h, int pos) {
      if (h.levelSeen()) {
        return -1;
      }
      String s = h.line;
      int end = Chars.tokenEnd(s, pos, s.length());
      int w = wordEnd(s, pos, end);
      if (w == pos) {
        return -1;
      }
      if (w == pos + 1) {
        return singleLetter(h, s, pos, end);
      }
      if (w != end && !(w + 1 == end && (s.charAt(w) == ':' || s.charAt(w) == ','))) {
        return -1;
      }
      Severity level = levelWord(s, pos, w);
      if (level == null) {
        return -1;
      }
      boolean upper = true;
      for (int i = pos; i < w; i++) {
        upper &= Chars.isUpper(s.charAt(i));
      }
      if (!upper && h.previous != Previous.TIME && h.previous != Previous.START) {
        return -1;
      }
      if (!upper && h.previous == Previous.START && w == end) {
        return -1;
      }
      h.confirmPending(Previous.LEVEL);
      h.level(level, s.substring(pos, w));
      if (w < end && s.charAt(w) == ':') {
        h.done = true;
      }
      return end;
    }

    private int singleLetter(HeaderScan h, String s, int pos, int end) {
      char c = s.charAt(pos);
      if ("VDIWEFA".indexOf(c) < 0) {
        return -1;
      }
      if (end == pos + 1 && h.previous == Previous.NUMBER) {
        h.level(Severity.parse(String.valueOf(c)), String.valueOf(c));
        return end;
      }
      if (pos + 2 < end && s.charAt(pos + 1) == '/' && (h.previous == Previous.START || h.previous == Previous.TIME)) {
        int open = indexOf(s, '(', pos + 2, Math.min(s.length(), pos + 80));
        int colon = open < 0 ? -1 : indexOf(s, ':', open, Math.min(s.length(), open + 16));
        if (open > pos + 2 && colon > open && s.charAt(colon - 1) == ')') {
          h.level(Severity.parse(String.valueOf(c)), String.valueOf(c));
          h.component = s.substring(pos + 2, open).trim();
          String p = s.substring(open + 1, colon - 1).trim();
          if (!p.isEmpty() && Chars.digitRunEnd(p, 0, 12) == p.length()) {
            h.pid = p;
          }
          h.done = true;
          return colon + 1;
        }
      }
      return -1;
    }
  },

  /**
   * Process and thread ids as bare numbers after the time ({@code 081109 203615 148 INFO ...},
   * {@code 03-17 16:13:38.811  1702  2395 D ...}), after the level only before a separator
   * ({@code INFO 12345 --- [main] ...}), or as nginx writes them ({@code [error] 1234#5678: *1 ...}).
   * A signed number there ({@code 1077804742 -1 running}) is a flag, consumed but not kept.
   */
  PROCESS_IDS {
    @Override
    int apply(HeaderScan h, int pos) {
      if (h.timesConsumed == 0 || h.component != null || h.pendingCount > 0 || h.thread != null) {
        return -1;
      }
      String s = h.line;
      int end = Chars.tokenEnd(s, pos, s.length());
      if (s.charAt(pos) == '-' && end > pos + 1 && Chars.digitRunEnd(s, pos + 1, 11) == end && !h.levelSeen()) {
        // A signed number among the fields after the time is a flag or code, not an id: skip it.
        h.previous = Previous.NUMBER;
        return end;
      }
      int digitsEnd = Chars.digitRunEnd(s, pos, 11);
      if (digitsEnd == pos) {
        return -1;
      }
      if (digitsEnd < end && s.charAt(digitsEnd) == '#') {
        int tidEnd = Chars.digitRunEnd(s, digitsEnd + 1, 20);
        if (tidEnd > digitsEnd + 1 && (tidEnd == end || tidEnd + 1 == end && s.charAt(tidEnd) == ':')) {
          h.pid = s.substring(pos, digitsEnd);
          h.thread = s.substring(digitsEnd + 1, tidEnd);
          h.previous = Previous.NUMBER;
          h.done = tidEnd < end;
          return end;
        }
        return -1;
      }
      if (digitsEnd != end) {
        return -1;
      }
      if (h.previous == Previous.LEVEL) {
        int next = Chars.skipSpaces(s, end, h.limit);
        if (next >= h.limit || !(isSeparator(s, next, Chars.tokenEnd(s, next, s.length())) || s.charAt(next) == '[')) {
          return -1;
        }
      }
      if (h.pid == null) {
        h.pid = s.substring(pos, end);
      } else {
        h.thread = s.substring(pos, end);
      }
      h.previous = Previous.NUMBER;
      return end;
    }
  },

  /**
   * Header fields split by {@code |} right after the time, then the message:
   * {@code 20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579}. Numbers are the
   * process, a level word the level, a name the component; the first field with a space, or the
   * last, is the body.
   */
  PIPE_FIELDS {
    @Override
    int apply(HeaderScan h, int pos) {
      String s = h.line;
      if (s.charAt(pos) != '|' || h.previous != Previous.TIME) {
        return -1;
      }
      int f = pos + 1;
      for (int k = 0; k < 4; k++) {
        int bar = indexOf(s, '|', f, Math.min(s.length(), f + 128));
        if (bar < 0 || bar == f || indexOf(s, ' ', f, bar) >= 0) {
          break;
        }
        Severity level = levelWord(s, f, bar);
        if (Chars.digitRunEnd(s, f, 20) == bar) {
          if (h.pid == null) {
            h.pid = s.substring(f, bar);
          } else if (h.thread == null) {
            h.thread = s.substring(f, bar);
          } else {
            break;
          }
        } else if (level != null && !h.levelSeen()) {
          h.level(level, s.substring(f, bar));
        } else if (h.component == null) {
          h.component = s.substring(f, bar);
        } else {
          break;
        }
        f = bar + 1;
      }
      h.done = true;
      h.bodyStart = f;
      return f;
    }
  },

  /**
   * A separator token: {@code -}, {@code --}, {@code ---}, {@code |}, {@code :}. After a level or a
   * logger it ends the header ({@code ... - INFO  [...] - Notification time out: 3200}) unless a
   * level, bracket or number still follows; after an unconfirmed name it makes that name the
   * component ({@code [10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy}).
   */
  SEPARATOR {
    @Override
    int apply(HeaderScan h, int pos) {
      String s = h.line;
      int end = Chars.tokenEnd(s, pos, s.length());
      if (!isSeparator(s, pos, end)) {
        return -1;
      }
      boolean named = h.pendingCount > 0 && s.charAt(pos) != ':';
      h.confirmPending(Previous.SEPARATOR);
      h.previous = Previous.SEPARATOR;
      int next = Chars.skipSpaces(s, end, s.length());
      if (next >= h.limit) {
        return end;
      }
      int nextEnd = Chars.tokenEnd(s, next, s.length());
      boolean moreHeader = s.charAt(next) == '['
          || (!h.levelSeen() && levelWord(s, next, wordEnd(s, next, nextEnd)) != null
              && (wordEnd(s, next, nextEnd) == nextEnd || s.charAt(wordEnd(s, next, nextEnd)) == ':'))
          || (Chars.digitRunEnd(s, next, 12) == nextEnd && h.pid == null);
      if (!moreHeader && (h.levelSeen() || h.component != null || named)) {
        h.done = true;
      }
      return end;
    }
  },

  /**
   * The logger or program: a name ending in a colon ({@code dfs.DataNode$PacketResponder: ...},
   * {@code WindowManager: ...}, {@code myapp[123]: ...}, which ends the header), or glog's source
   * location ({@code server.go:123]}, which ends it too); after the level, a
   * dotted logger name ({@code INFO nova.osapi_compute.wsgi.server [req-...]}) or a name in an
   * aligned column ({@code Info                  CBS    Loaded Servicing Stack}).
   */
  LOGGER {
    @Override
    int apply(HeaderScan h, int pos) {
      if (h.component != null || (h.timesConsumed == 0 && !h.levelSeen() && h.pendingCount == 0)) {
        return -1;
      }
      String s = h.line;
      int end = Chars.tokenEnd(s, pos, s.length());
      if (end - pos > 160 || !isNameStart(s.charAt(pos))) {
        return -1;
      }
      if (s.charAt(end - 1) == ']' && h.timesConsumed > 0) {
        // glog's source location closes its header: server.go:123]
        int colon = lastIndexOf(s, ':', pos, end - 1);
        if (colon > pos && Chars.digitRunEnd(s, colon + 1, 9) == end - 1 && end - 1 > colon + 1 && isName(s, pos, colon)) {
          h.component = s.substring(pos, colon);
          h.attribute("line", Long.parseLong(s, colon + 1, end - 1, 10));
          h.previous = Previous.COMPONENT;
          h.done = true;
          return end;
        }
        return -1;
      }
      if (s.charAt(end - 1) == ':' && end - 1 > pos) {
        int stem = end - 1;
        if (!isName(s, pos, stem) && !(s.charAt(stem - 1) == ']' && isName(s, pos, s.lastIndexOf('[', stem)))) {
          return -1;
        }
        h.confirmPending(Previous.COMPONENT);
        tag(h, s, pos, stem);
        h.previous = Previous.COMPONENT;
        h.done = true;
        return end;
      }
      if (!h.levelSeen() || h.pendingCount > 0 || !isName(s, pos, end)) {
        return -1;
      }
      int dots = 0;
      for (int i = pos; i < end; i++) {
        if (s.charAt(i) == '.') {
          dots++;
        }
      }
      boolean column = end + 1 < s.length() && Chars.isSpace(s.charAt(end)) && Chars.isSpace(s.charAt(end + 1));
      int next = Chars.skipSpaces(s, end, s.length());
      boolean beforeSeparator = next < s.length()
          && (s.charAt(next) == '[' || isSeparator(s, next, Chars.tokenEnd(s, next, s.length())));
      if (s.charAt(end - 1) == '.' || !(dots >= 2 || (dots == 1 && beforeSeparator) || column)) {
        return -1;
      }
      h.component = s.substring(pos, end);
      h.previous = Previous.COMPONENT;
      if (!beforeSeparator) {
        h.done = true;
      }
      return end;
    }
  },

  /**
   * A token that looks like a header field but is not known yet, held until something confirms the
   * header goes on (a timestamp, a level, a logger, a {@code -}): node ids and hosts
   * ({@code - 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 ... RAS KERNEL INFO ...}),
   * loggers before the level ({@code 2024-05-01 12:00:00,123 - myapp - INFO - started}); any field
   * before an epoch time, as record dumps have them
   * ({@code 134681 node-246 action start 1077804742 1 clusterAddMember (command 1902)}). Unconfirmed,
   * they turn out to be the body.
   */
  PENDING {
    @Override
    int apply(HeaderScan h, int pos) {
      TimestampMatch ahead = h.timeAhead(pos);
      if (h.levelSeen() || h.component != null || h.pendingCount >= HeaderScan.MAX_PENDING
          || (h.timesConsumed == 0 && ahead == null)) {
        return -1;
      }
      String s = h.line;
      int end = Chars.tokenEnd(s, pos, s.length());
      if (end - pos > 96) {
        return -1;
      }
      if (!headerShaped(s, pos, end) && !(ahead != null && ahead.kind() == TimestampKind.EPOCH
          && end - pos <= 32 && isName(s, pos, end))) {
        return -1;
      }
      h.pending(pos, end);
      return end;
    }
  };

  static final HeaderRule[] RULES = values();

  private static final String[] SYSLOG_LEVELS = {
      "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

  /**
   * Consumes the token at {@code pos} when this rule applies there.
   *
   * @return where the walk goes on (past what was consumed), or -1 when the rule does not apply
   */
  abstract int apply(HeaderScan h, int pos);

  /** The severity a level word in {@code [start, end)} names, or null; fail words are not levels. */
  static Severity levelWord(String s, int start, int end) {
    int len = end - start;
    if (len < 3 || len > 13) {
      return null;
    }
    char c = Character.toLowerCase(s.charAt(start));
    if ("tdinwefcsavp".indexOf(c) < 0) {
      return null;
    }
    for (int i = start; i < end; i++) {
      if (!Chars.isLetter(s.charAt(i))) {
        return null;
      }
    }
    if (c == 'f' && (Chars.regionMatchesIgnoreCase(s, start, "fail"))) {
      return null;
    }
    return Severity.parse(s.substring(start, end));
  }

  /** Digits, a dot, digits: {@code 2.345678}. */
  private static boolean isDecimal(String s, int start, int end) {
    int dot = Chars.digitRunEnd(s, start, 12);
    return dot > start && dot < end - 1 && s.charAt(dot) == '.' && Chars.digitRunEnd(s, dot + 1, 12) == end;
  }

  static int wordEnd(String s, int at, int end) {
    int i = at;
    while (i < end && Chars.isLetter(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isSeparator(String s, int start, int end) {
    int len = end - start;
    if (len < 1 || len > 3) {
      return false;
    }
    char c = s.charAt(start);
    if (c != '-' && c != '|' && c != ':' && c != '\u2014' && c != '\u2013') {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      if (s.charAt(i) != c) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameStart(char c) {
    return Chars.isLetter(c) || c == '_' || (c > 127 && Character.isLetter(c));
  }

  /** A logger, class or program name: starts with a letter, then name characters and parentheses. */
  static boolean isName(String s, int start, int end) {
    if (end <= start || !isNameStart(s.charAt(start))) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (!Chars.isNameChar(c) && c != '(' && c != ')' && c != '<' && c != '>') {
        return false;
      }
    }
    return true;
  }

  /** Looks like a header field rather than prose: has a digit or punctuation, is all capitals, or precedes {@code -}. */
  static boolean headerShaped(String s, int start, int end) {
    boolean lower = false;
    boolean marked = false;
    int capitals = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (Chars.isLower(c)) {
        lower = true;
      } else if (Chars.isUpper(c)) {
        capitals++;
      } else if (Chars.isDigit(c) || "._-:/$@#".indexOf(c) >= 0) {
        marked = true;
      } else if ("*()<>+".indexOf(c) < 0) {
        return false;
      }
    }
    if (marked || (!lower && capitals >= 2)) {
      return true;
    }
    int next = Chars.skipSpaces(s, end, s.length());
    return next > end && next < s.length() && s.charAt(next) == '-'
        && (next + 1 == s.length() || s.charAt(next + 1) == ' ');
  }

  /** {@code program}, {@code program[pid]}, {@code program(x)[pid]}, {@code program[pid] (x)} in {@code [start, end)}. */
  static void tag(HeaderScan h, String s, int start, int end) {
    int e = end;
    if (e > start && s.charAt(e - 1) == ')') {
      int open = s.lastIndexOf(" (", e);
      if (open > start) {
        e = open;
      }
    }
    if (e > start && s.charAt(e - 1) == ']') {
      int open = s.lastIndexOf('[', e - 1);
      if (open > start && Chars.digitRunEnd(s, open + 1, 12) == e - 1 && e - 1 > open + 1) {
        h.pid = s.substring(open + 1, e - 1);
        e = open;
      }
    }
    h.component = s.substring(start, e);
  }

  private static boolean hasPidBracket(String s, int start, int end) {
    int open = indexOf(s, '[', start, end);
    return open > start && Chars.isDigit(s.charAt(Math.min(open + 1, end - 1)));
  }

  /** The colon that ends a syslog tag: followed by a space or the end, with at most a few spaces before it. */
  private static int tagColon(String s, int start, int end) {
    int spaces = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
        if (i == start || (spaces > 0 && s.charAt(i - 1) != ']' && s.charAt(i - 1) != ')')) {
          return -1;
        }
        return i;
      }
      if (c == ' ' && ++spaces > 3) {
        return -1;
      }
    }
    return -1;
  }

  /** The index of the bracket closing the one at {@code open}, counting nested brackets, or -1. */
  static int closing(String s, int open, int end) {
    int depth = 0;
    for (int i = open; i < end; i++) {
      char c = s.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(String s, char c, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
