package io.tributary.ingest;

import java.util.Locale;
import java.util.Optional;

/** The body formats ingest reads, chosen by Content-Type. */
public enum BodyFormat {
  /** application/json: an array of events, {"events":[…]}, or one or more objects. */
  JSON,
  /** application/x-ndjson (or jsonl): one event object per line. */
  NDJSON,
  /** text/plain: one unstructured log line per line. */
  TEXT;

  public static final String ACCEPTED =
      "application/x-ndjson, application/json or text/plain (charset utf-8)";

  /**
   * The format for a Content-Type header value, or empty when it is not one we read. A charset
   * other than UTF-8 (or US-ASCII) is reported by {@link #unsupportedCharset(String)}.
   */
  public static Optional<BodyFormat> of(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String media = mediaType(contentType);
    switch (media) {
      case "application/json":
        return Optional.of(JSON);
      case "application/x-ndjson": case "application/ndjson": case "application/jsonl":
      case "application/x-jsonlines": case "application/jsonlines": case "application/json-lines":
        return Optional.of(NDJSON);
      case "text/plain":
        return Optional.of(TEXT);
      default:
        return Optional.empty();
    }
  }

  /** The charset parameter when it names something other than UTF-8 or ASCII, else null. */
  public static String unsupportedCharset(String contentType) {
    int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (i < 0) {
      return null;
    }
    String cs = contentType.substring(i + 8).split(";", 2)[0].trim().replace("\"", "");
    String l = cs.toLowerCase(Locale.ROOT);
    return l.equals("utf-8") || l.equals("utf8") || l.equals("us-ascii") ? null : cs;
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
