package io.tributary.ingest.syslog;

import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.Timestamps;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestLimits;
import io.tributary.ingest.Reasons;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a syslog message means as an event; the one place the mapping is written
 * (docs/ingest-formats.md): PRI's severity → severity (emerg, alert, crit → FATAL; err → ERROR;
 * warning → WARN; notice, info → INFO; debug → DEBUG) with its keyword as the severity text, and
 * its facility → attribute {@code syslog.facility}; HOSTNAME → host; APP-NAME (3164: the tag) →
 * service; PROCID, MSGID → {@code syslog.procid}, {@code syslog.msgid}; structured data →
 * {@code <sd-id>.<name>}; MSG → message; the time as written (5424) or in UTC (3164), else the
 * ingest time.
 */
final class SyslogMapping {

  static final String[] SEVERITY_NAMES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
  private static final Severity[] SEVERITIES = {Severity.FATAL, Severity.FATAL, Severity.FATAL, Severity.ERROR,
      Severity.WARN, Severity.INFO, Severity.INFO, Severity.DEBUG};
  static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
      "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3",
      "local4", "local5", "local6", "local7"};

  private SyslogMapping() {
  }

  static void message(BodyReading r, int index, int start, int end, SyslogMessage m) {
    IngestLimits limits = r.limits();
    String code = m.errorCode;
    String why = m.errorMessage;
    if (code == null && end - start > limits.maxEventBytes()) {
      code = Reasons.EVENT_TOO_LARGE;
      why = "the message is " + (end - start) + " bytes; the limit is " + limits.maxEventBytes() + " bytes per event";
    }
    if (code == null && (m.message == null || m.message.isEmpty())) {
      code = Reasons.MISSING_MESSAGE;
      why = "the syslog message has no MSG part: put the log text after the header";
    }
    if (code == null && m.timeNanos != LogEvent.UNSET_TIME && m.timeNanos > r.nowNanos() + limits.maxFutureNanos()) {
      code = Reasons.TIMESTAMP_IN_FUTURE;
      why = "the timestamp " + Timestamps.format(m.timeNanos) + " is more than "
          + (limits.maxFutureNanos() / 3_600_000_000_000L) + " h ahead of the server clock; check the sender's clock";
    }
    if (code == null) {
      for (String v : new String[] {m.hostname, m.appName}) {
        if (v != null && v.length() > limits.maxNameLength()) {
          code = Reasons.FIELD_TOO_LONG;
          why = "HOSTNAME or APP-NAME is " + v.length() + " characters; the limit is " + limits.maxNameLength();
        }
      }
      if (m.structuredData.size() + 3 > limits.maxAttributes()) {
        code = Reasons.TOO_MANY_ATTRIBUTES;
        why = "the structured data has " + m.structuredData.size() + " parameters; the limit is "
            + (limits.maxAttributes() - 3);
      }
    }
    if (r.judging() && code != null) {
      r.reject(index, code, why);
      return;
    }
    if (!r.materialize()) {
      r.accept(null, start, end);
      return;
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    int pri = Math.max(m.pri, 0);
    attributes.put("syslog.facility", FACILITIES[pri >> 3]);
    if (m.procId != null) {
      attributes.put("syslog.procid", m.procId);
    }
    if (m.msgId != null) {
      attributes.put("syslog.msgid", m.msgId);
    }
    attributes.putAll(m.structuredData);
    EventDefaults defaults = r.defaults();
    r.accept(new LogEvent(r.nextId(), r.tenant(), EventKind.STRUCTURED, m.timeNanos, r.nowNanos(),
        m.pri < 0 ? defaults.severity() : SEVERITIES[pri & 7], m.pri < 0 ? null : SEVERITY_NAMES[pri & 7],
        m.appName == null ? defaults.service() : m.appName, m.hostname == null ? defaults.host() : m.hostname,
        m.message == null ? "" : m.message, attributes, null, null, null, null), start, end);
  }
}
