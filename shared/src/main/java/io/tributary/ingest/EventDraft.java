package io.tributary.ingest;

import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import java.util.Map;

/**
 * One JSON event object as {@link EventObjectReader} read it: what its fields said and the first
 * rule it broke. Values other than lengths are only filled when the reader materializes events.
 * Not thread-safe.
 */
final class EventDraft {

  String id;
  long timeNanos = LogEvent.UNSET_TIME;
  /** From the last of severity, level, lvl, loglevel, severityText. */
  Severity levelSeverity;
  String levelText;
  /** From severityNumber. */
  Severity numberSeverity;
  String numberText;
  String service;
  String host;
  String message;
  /**
   * Length in UTF-16 units of the last non-null message alias; -1 when there was none. When only
   * judged from the raw bytes ({@link EventObjectReader#read(com.fasterxml.jackson.core.JsonParser, byte[], int)}),
   * 0 for an empty string and 1 for any other: all a verdict needs.
   */
  int messageLength = -1;
  String traceId;
  String spanId;
  Map<String, Object> attributes;
  /** Attributes put so far, a repeated key counted again. */
  int attributeCount;
  String errorCode;
  String errorMessage;

  /** Records a broken rule; the first one wins. */
  void error(String code, String message) {
    if (errorCode == null) {
      errorCode = code;
      errorMessage = message;
    }
  }
}
