package io.tributary.export;

import java.util.Locale;
import java.util.Optional;

/** How an export writes events: the value of {@code format=}, its media type and file extension. */
public enum ExportFormat {
  /** RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF. */
  CSV("csv", "text/csv; charset=utf-8; header=present"),
  /** One event's JSON per line, each line ending in LF. */
  NDJSON("ndjson", "application/x-ndjson"),
  /** One JSON array of events. */
  JSON("json", "application/json");

  private final String code;
  private final String mediaType;

  ExportFormat(String code, String mediaType) {
    this.code = code;
    this.mediaType = mediaType;
  }

  /** The value of {@code format=}, and the file name's extension. */
  public String code() {
    return code;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format {@code format=} names (any case), or empty for none. */
  public static Optional<ExportFormat> ofCode(String value) {
    for (ExportFormat f : values()) {
      if (f.code.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
