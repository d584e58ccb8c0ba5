package io.tributary.ingest;

import io.tributary.event.Severity;

/**
 * Defaults for events that do not say these things themselves (query parameters {@code service},
 * {@code host}, {@code severity} of an ingest request). For text lines, what the parser finds in
 * the line wins over the host and severity given here.
 */
public record EventDefaults(String service, String host, Severity severity) {

  public static final String UNKNOWN = "unknown";

  public static EventDefaults none() {
    return new EventDefaults(UNKNOWN, UNKNOWN, Severity.INFO);
  }
}
