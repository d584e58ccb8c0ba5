package io.tributary.ingest;

/**
 * Stable reason codes of ingest rejections and refusals. Clients may branch on them; never
 * rename one.
 */
public final class Reasons {

  // Whole-request refusals.
  public static final String EMPTY_BODY = "empty_body";
  public static final String BODY_TOO_LARGE = "body_too_large";
  public static final String TOO_MANY_EVENTS = "too_many_events";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String UNSUPPORTED_ENCODING = "unsupported_encoding";
  public static final String UNSUPPORTED_CHARSET = "unsupported_charset";
  public static final String INVALID_GZIP = "invalid_gzip";
  public static final String INVALID_ZSTD = "invalid_zstd";
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String JSON_TOO_DEEP = "json_too_deep";
  public static final String NO_VALID_EVENTS = "no_valid_events";
  public static final String INVALID_PARAMETER = "invalid_parameter";
  public static final String PUBLISH_FAILED = "publish_failed";
  /** A compressed body that grows more than {@code maxExpansion} times when decoded (a decompression bomb). */
  public static final String EXPANSION_TOO_LARGE = "expansion_too_large";
  /** The tenant is over its events/s or bytes/s (429, with Retry-After and RateLimit headers). */
  public static final String RATE_LIMITED = "rate_limited";

  // Per-item rejections.
  public static final String NOT_AN_OBJECT = "not_an_object";
  public static final String MISSING_MESSAGE = "missing_message";
  public static final String INVALID_FIELD_TYPE = "invalid_field_type";
  public static final String INVALID_TIMESTAMP = "invalid_timestamp";
  public static final String TIMESTAMP_IN_FUTURE = "timestamp_in_future";
  public static final String INVALID_ID = "invalid_id";
  public static final String FIELD_TOO_LONG = "field_too_long";
  public static final String EVENT_TOO_LARGE = "event_too_large";
  public static final String TOO_MANY_ATTRIBUTES = "too_many_attributes";
  public static final String TOO_DEEPLY_NESTED = "too_deeply_nested";
  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String NUL_BYTE = "nul_byte";
  /** A protobuf body (OTLP) whose bytes do not parse: the whole body, or one record. */
  public static final String MALFORMED_PROTOBUF = "malformed_protobuf";
  /** Elasticsearch bulk: an action line that is not {@code {"<action>":{…}}}; the body is refused. */
  public static final String MALFORMED_BULK = "malformed_bulk";
  /** Elasticsearch bulk: an index or create action with no document line after it. */
  public static final String MISSING_DOCUMENT = "missing_document";
  /** Elasticsearch bulk: update and delete, which a log store does not take. */
  public static final String UNSUPPORTED_ACTION = "unsupported_action";
  /** Loki push: a stream's labels that are not Prometheus label syntax ({@code {name="value", …}}). */
  public static final String INVALID_LABELS = "invalid_labels";
  /** Loki push: a protobuf body that is not snappy block-compressed; the body is refused. */
  public static final String INVALID_SNAPPY = "invalid_snappy";
  /** Syslog: an RFC 5424 header, structured data or octet count that does not read. */
  public static final String MALFORMED_SYSLOG = "malformed_syslog";
  /** Syslog: a line whose PRI ({@code <0>}-{@code <191>}) is missing or out of range. */
  public static final String INVALID_PRI = "invalid_pri";
  /** A trace or span id that is not 16 or 8 bytes (32 or 16 hex digits). */
  public static final String INVALID_TRACE_ID = "invalid_trace_id";

  private Reasons() {
  }
}
