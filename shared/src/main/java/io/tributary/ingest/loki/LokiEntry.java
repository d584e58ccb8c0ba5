package io.tributary.ingest.loki;

import io.tributary.event.LogEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One Loki entry as either encoding read it, before {@link LokiMapping} judges it. Not
 * thread-safe; one per entry.
 */
final class LokiEntry {

  /** Nanoseconds since the epoch; {@link LogEvent#UNSET_TIME} when zero. */
  long timeNanos = LogEvent.UNSET_TIME;
  String line;
  /** Structured metadata, {@code {name, value}} pairs in order. */
  final List<String[]> metadata = new ArrayList<>(4);
  /** The first thing that could not be read, with its code; the entry is rejected for it. */
  String errorCode;
  String errorMessage;

  void error(String code, String message) {
    if (errorCode == null) {
      errorCode = code;
      errorMessage = message;
    }
  }
}
