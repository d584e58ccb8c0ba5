package io.tributary.ingest.syslog;

import io.tributary.event.Timestamps;
import io.tributary.ingest.Reasons;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads one syslog message (its framing removed): {@code <PRI>} then RFC 5424
 * ({@code 1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]}, {@code -} for
 * nothing, structured data {@code [id name="value" …]} with {@code \"}, {@code \\} and {@code \]}
 * escapes, a BOM before MSG dropped) or RFC 3164 ({@code Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG},
 * read leniently as relays write it: without a time that reads, everything after PRI is the
 * message). A missing or out-of-range PRI is {@code invalid_pri}; a 5424 header or structured data
 * that does not read {@code malformed_syslog}.
 */
final class SyslogParser {

  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};

  private final String s;
  private int i;

  private SyslogParser(String s) {
    this.s = s;
  }

  /**
   * The message in bytes {@code [from, to)}; {@code nowNanos} places an RFC 3164 time (which has
   * no year) in the year that puts it at most a day ahead of now.
   */
  static SyslogMessage parse(byte[] b, int from, int to, long nowNanos) {
    SyslogMessage m = new SyslogMessage();
    new SyslogParser(new String(b, from, to - from, StandardCharsets.UTF_8)).read(m, nowNanos);
    return m;
  }

  private void read(SyslogMessage m, long nowNanos) {
    if (!pri(m)) {
      return;
    }
    if (s.startsWith("1 ", i)) {
      i += 2;
      m.version = 1;
      rfc5424(m);
    } else {
      rfc3164(m, nowNanos);
    }
  }

  private boolean pri(SyslogMessage m) {
    int close = s.indexOf('>');
    String digits = close > 1 && s.charAt(0) == '<' ? s.substring(1, close) : null;
    boolean ok = digits != null && digits.length() <= 3 && !(digits.length() > 1 && digits.charAt(0) == '0');
    for (int k = 0; ok && k < digits.length(); k++) {
      ok = digits.charAt(k) >= '0' && digits.charAt(k) <= '9';
    }
    if (!ok || Integer.parseInt(digits) > 191) {
      String head = s.length() > 12 ? s.substring(0, 12) + "…" : s;
      m.error(Reasons.INVALID_PRI, "the message '" + head + "' does not start with a PRI <0>-<191> (facility × 8 +"
          + " severity): start each message with one, e.g. <14> for user.info");
      return false;
    }
    m.pri = Integer.parseInt(digits);
    i = close + 1;
    return true;
  }

  // ---- RFC 5424 ------------------------------------------------------------------------------

  private void rfc5424(SyslogMessage m) {
    String time = token();
    String host = token();
    String app = token();
    String proc = token();
    String msgId = token();
    if (msgId == null) {
      m.error(Reasons.MALFORMED_SYSLOG, "an RFC 5424 message needs VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID"
          + " STRUCTURED-DATA, each '-' when empty; this one ends early");
      return;
    }
    if (!time.equals("-")) {
      long t = rfc3339(time);
      if (t == Long.MIN_VALUE) {
        m.error(Reasons.INVALID_TIMESTAMP, "the timestamp '" + time + "' is not RFC 3339 with a zone"
            + " (2026-11-29T21:05:00.123Z or …+01:00)");
      } else {
        m.timeNanos = t;
      }
    }
    m.hostname = nil(host);
    m.appName = nil(app);
    m.procId = nil(proc);
    m.msgId = nil(msgId);
    if (!structuredData(m)) {
      return;
    }
    if (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    String msg = s.substring(Math.min(i, s.length()));
    m.message = msg.startsWith("\uFEFF") ? msg.substring(1) : msg;
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)} as nanoseconds since the epoch, read by hand
   * (a formatter costs more than the rest of the message); {@link Long#MIN_VALUE} when it is not
   * that or not a real date.
   */
  static long rfc3339(String t) {
    int n = t.length();
    if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != 't')
        || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59
        || day > Timestamps.daysInMonth(year, month)) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    long fraction = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        if (i - start < 9) {
          fraction = fraction * 10 + (t.charAt(i) - '0');
        }
        i++;
      }
      if (i == start) {
        return Long.MIN_VALUE;
      }
      for (int k = Math.min(i - start, 9); k < 9; k++) {
        fraction *= 10;
      }
    }
    int offset;
    if (i < n && (t.charAt(i) == 'Z' || t.charAt(i) == 'z') && i + 1 == n) {
      offset = 0;
    } else if (i + 6 == n && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) {
        return Long.MIN_VALUE;
      }
      offset = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return Long.MIN_VALUE;
    }
    long seconds = Timestamps.epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L
        + second - offset;
    if (seconds < 0 || seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + fraction;
  }

  /** {@code len} decimal digits at {@code at}, or -1. */
  private static int digits(String t, int at, int len) {
    int v = 0;
    for (int k = at; k < at + len; k++) {
      char c = t.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The next space-separated token, or null at the end. */
  private String token() {
    if (i >= s.length()) {
      return null;
    }
    int end = s.indexOf(' ', i);
    if (end < 0) {
      end = s.length();
    }
    String t = s.substring(i, end);
    i = end + 1;
    return t.isEmpty() ? null : t;
  }

  private static String nil(String t) {
    return t == null || t.equals("-") ? null : t;
  }

  private boolean structuredData(SyslogMessage m) {
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
      return true;
    }
    if (i >= s.length() || s.charAt(i) != '[') {
      m.error(Reasons.MALFORMED_SYSLOG, "structured data is '-' or [id name=\"value\" …]; found '"
          + s.substring(Math.min(i, s.length()), Math.min(s.length(), i + 20)) + "'");
      return false;
    }
    while (i < s.length() && s.charAt(i) == '[') {
      i++;
      int idEnd = i;
      while (idEnd < s.length() && s.charAt(idEnd) != ' ' && s.charAt(idEnd) != ']') {
        idEnd++;
      }
      String id = s.substring(i, idEnd);
      i = idEnd;
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
        int eq = s.indexOf('=', i);
        if (eq < 0 || eq + 1 >= s.length() || s.charAt(eq + 1) != '"') {
          return sdError(m, id);
        }
        String name = s.substring(i, eq);
        StringBuilder v = new StringBuilder();
        i = eq + 2;
        boolean closed = false;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\\' || s.charAt(i) == ']')) {
            v.append(s.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            v.append(c);
          }
        }
        if (!closed || name.isEmpty() || name.indexOf(' ') >= 0) {
          return sdError(m, id);
        }
        m.structuredData.put(id + "." + name, v.toString());
      }
      if (id.isEmpty() || i >= s.length() || s.charAt(i) != ']') {
        return sdError(m, id);
      }
      i++;
    }
    return true;
  }

  private boolean sdError(SyslogMessage m, String id) {
    m.error(Reasons.MALFORMED_SYSLOG, "the structured data element [" + id + " …] does not read: write"
        + " [id name=\"value\" …], with \\\", \\\\ and \\] escaped in values");
    return false;
  }

  // ---- RFC 3164 ------------------------------------------------------------------------------

  private void rfc3164(SyslogMessage m, long nowNanos) {
    int start = i;
    long time = bsdTime(nowNanos);
    if (time == Long.MIN_VALUE) {
      i = start;
      m.message = s.substring(i).stripLeading();
      return;
    }
    m.timeNanos = time;
    String host = token();
    m.hostname = host;
    int tagEnd = i;
    while (tagEnd < s.length() && tagEnd - i <= 48 && (Character.isLetterOrDigit(s.charAt(tagEnd))
        || "-_./".indexOf(s.charAt(tagEnd)) >= 0)) {
      tagEnd++;
    }
    int after = tagEnd;
    String pid = null;
    if (after < s.length() && s.charAt(after) == '[') {
      int close = s.indexOf(']', after);
      if (close > after) {
        pid = s.substring(after + 1, close);
        after = close + 1;
      }
    }
    if (tagEnd > i && after < s.length() && s.charAt(after) == ':') {
      m.appName = s.substring(i, tagEnd);
      m.procId = pid;
      i = after + 1;
    }
    m.message = s.substring(Math.min(i, s.length())).stripLeading();
  }

  /** {@code Mmm dd hh:mm:ss } in UTC, its year the one that puts it at most a day past now; MIN_VALUE when it does not read. */
  private long bsdTime(long nowNanos) {
    if (s.length() < i + 16 || s.charAt(i + 3) != ' ' || s.charAt(i + 6) != ' ' || s.charAt(i + 15) != ' ') {
      return Long.MIN_VALUE;
    }
    int month = -1;
    for (int k = 0; k < 12; k++) {
      if (s.startsWith(MONTHS[k], i)) {
        month = k + 1;
      }
    }
    try {
      int day = Integer.parseInt(s.substring(i + 4, i + 6).trim());
      int hour = Integer.parseInt(s.substring(i + 7, i + 9));
      int minute = Integer.parseInt(s.substring(i + 10, i + 12));
      int second = Integer.parseInt(s.substring(i + 13, i + 15));
      if (month < 0 || s.charAt(i + 9) != ':' || s.charAt(i + 12) != ':') {
        return Long.MIN_VALUE;
      }
      int year = LocalDateTime.ofEpochSecond(nowNanos / 1_000_000_000L, 0, ZoneOffset.UTC).getYear();
      long t = Timestamps.ofInstant(LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
      if (t > nowNanos + 86_400_000_000_000L) {
        t = Timestamps.ofInstant(LocalDateTime.of(year - 1, month, Math.min(day, month == 2 ? 28 : day), hour, minute,
            second).toInstant(ZoneOffset.UTC));
      }
      i += 16;
      return t;
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }
}
