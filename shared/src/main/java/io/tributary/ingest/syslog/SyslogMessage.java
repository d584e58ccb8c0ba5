package io.tributary.ingest.syslog;

import io.tributary.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One syslog message as {@link SyslogParser} read it, RFC 5424 or RFC 3164, before
 * {@link SyslogMapping} judges it. Not thread-safe; one per message.
 */
final class SyslogMessage {

  /** PRI: facility × 8 + severity, 0-191. */
  int pri = -1;
  /** 1 for RFC 5424, 0 for RFC 3164. */
  int version;
  long timeNanos = LogEvent.UNSET_TIME;
  String hostname;
  String appName;
  String procId;
  String msgId;
  /** Structured data as {@code sd-id.param-name} → value, in order. */
  final Map<String, String> structuredData = new LinkedHashMap<>();
  String message;
  String errorCode;
  String errorMessage;

  void error(String code, String message) {
    if (errorCode == null) {
      errorCode = code;
      errorMessage = message;
    }
  }
}
