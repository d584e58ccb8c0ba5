package io.tributary.ingest.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * One OTLP {@code LogRecord} as either encoding read it, before {@link OtlpMapping} judges it
 * and turns it into an event. Not thread-safe; one per record.
 */
final class OtlpRecord {

  /** {@code timeUnixNano}, unsigned; 0 when unknown. */
  long timeUnixNano;
  long observedTimeUnixNano;
  /** A time the encoding could not read as an unsigned 64-bit number (JSON text): its text. */
  String badTime;
  long severityNumber;
  String severityText;
  Object body;
  final List<AnyValues.KeyValue> attributes = new ArrayList<>();
  /** Lower-case hex, or null when absent or all zeros. */
  String traceId;
  String spanId;
  String eventName;
  /** The first thing that could not be read, with its code; the record is rejected for it. */
  String errorCode;
  String errorMessage;

  void error(String code, String message) {
    if (errorCode == null) {
      errorCode = code;
      errorMessage = message;
    }
  }
}
